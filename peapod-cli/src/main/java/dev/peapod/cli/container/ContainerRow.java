package dev.peapod.cli.container;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.peapod.core.define.Ids;
import java.util.List;
import java.util.Map;

/** What {@code ps} templates see for one container: the report, ids shortened unless {@code --no-trunc}. */
public final class ContainerRow {
    private final ContainerReport r;
    private final boolean noTrunc;

    /** {@code ps}'s default table columns (without {@code --pod}'s). */
    public static final String COLUMNS = "{{.ID}}\t{{.Image}}\t{{.Command}}\t{{.Created}}\t{{.Status}}\t{{.Ports}}"
            + "\t{{.Names}}";
    /** {@code ps}'s header names that are not the field's upper-cased name. */
    public static final Map<String, String> HEADERS = Map.of("ID", "CONTAINER ID", "Pod", "POD ID",
            "PodName", "PODNAME");

    /** The row of {@code r} (from the engine, or from the API's list for {@code --remote}). */
    public ContainerRow(ContainerReport r, boolean noTrunc) {
        this.r = r;
        this.noTrunc = noTrunc;
    }

    /** {@code {{json .}}} prints the container as {@code --format json} does. */
    @JsonValue
    public ContainerReport report() {
        return r;
    }

    private String id(String id) {
        return noTrunc ? id : Ids.shortId(id);
    }

    public String ID() {
        return id(r.id());
    }

    public String Image() {
        return r.image();
    }

    public String ImageID() {
        return id(r.imageId());
    }

    /** The command, quoted and cut to 17 characters unless {@code --no-trunc}, as podman's column. */
    public String Command() {
        String cmd = r.command() == null ? "" : String.join(" ", r.command());
        if (!noTrunc && cmd.length() > 17) {
            cmd = cmd.substring(0, 17) + "...";
        }
        return cmd;
    }

    public String Created() {
        return r.createdAt();
    }

    public String CreatedAt() {
        return r.createdAt();
    }

    public String Status() {
        return r.status();
    }

    public String State() {
        return r.state();
    }

    /** podman's PORTS column, e.g. {@code 0.0.0.0:8080->80/tcp}. */
    public String Ports() {
        return r.ports() == null ? "" : dev.peapod.core.network.PortRange.display(r.ports());
    }

    public String Names() {
        return String.join(",", r.names());
    }

    public String Pod() {
        return r.pod().isEmpty() ? "" : id(r.pod());
    }

    public String PodName() {
        return r.podName();
    }

    public Map<String, String> Labels() {
        return r.labels() == null ? Map.of() : r.labels();
    }

    public int ExitCode() {
        return r.exitCode();
    }

    public boolean IsInfra() {
        return r.isInfra();
    }

    public long Pid() {
        return r.pid();
    }

    public int Restarts() {
        return r.restarts();
    }

    public boolean AutoRemove() {
        return r.autoRemove();
    }

    public List<String> Mounts() {
        return List.of();
    }

    public List<String> Networks() {
        return List.of();
    }
}
