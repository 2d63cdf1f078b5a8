package dev.peapod.cli.pod;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.peapod.cli.format.Human;
import dev.peapod.core.define.Ids;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code pod ps} templates see for one pod: the report's fields, with ids shortened (unless
 * {@code --no-trunc}), the creation time in words, and the container columns joined by commas.
 */
public final class PodPsRow {
    private final PodPsReport r;
    private final boolean noTrunc;
    private final Instant now;

    /** {@code pod ps}'s default table columns (the container columns replace the count when asked for). */
    public static final String COLUMNS = "{{.ID}}\t{{.Name}}\t{{.Status}}\t{{.Created}}\t{{.InfraID}}";
    /** {@code pod ps}'s header names that are not the field's upper-cased name. */
    public static final Map<String, String> HEADERS = Map.of("ID", "POD ID", "InfraID", "INFRA ID",
            "NumberOfContainers", "# OF CONTAINERS", "ContainerNames", "NAMES", "ContainerIds", "IDS",
            "ContainerStatuses", "STATUS");

    /** The row of {@code r} (from the engine, or from the API's list for {@code --remote}). */
    public PodPsRow(PodPsReport r, boolean noTrunc, Instant now) {
        this.r = r;
        this.noTrunc = noTrunc;
        this.now = now;
    }

    /** {@code {{json .}}} prints the pod as {@code --format json} does. */
    @JsonValue
    public PodPsReport report() {
        return r;
    }

    private String id(String id) {
        return noTrunc ? id : Ids.shortId(id);
    }

    public String ID() {
        return id(r.id());
    }

    public String Id() {
        return ID();
    }

    public String Name() {
        return r.name();
    }

    public String Status() {
        return r.status();
    }

    public String Created() {
        return Human.ago(r.created(), now);
    }

    public Instant CreatedAt() {
        return r.created();
    }

    public String InfraID() {
        return r.infraId().isEmpty() ? "" : id(r.infraId());
    }

    public int NumberOfContainers() {
        return r.containers().size();
    }

    public String ContainerNames() {
        return String.join(",", r.containers().stream().map(PodPsReport.Member::names).toList());
    }

    public String ContainerIds() {
        return String.join(",", r.containers().stream().map(m -> id(m.id())).toList());
    }

    public String ContainerStatuses() {
        return String.join(",", r.containers().stream().map(PodPsReport.Member::status).toList());
    }

    public List<PodPsReport.Member> Containers() {
        return r.containers();
    }

    public Map<String, String> Labels() {
        return r.labels();
    }

    public String Namespace() {
        return r.namespace();
    }

    public String Cgroup() {
        return r.cgroup();
    }

    public List<String> Networks() {
        return r.networks();
    }
}
