package dev.peapod.cli.system;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.format.Human;
import dev.peapod.cli.format.Output;
import dev.peapod.cli.format.StatsRows;
import dev.peapod.core.DiskUsage;
import dev.peapod.core.define.Ids;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code peapod system df}: the store's disk usage as podman 4.3.1 shows it, a summary (TYPE TOTAL ACTIVE SIZE
 * RECLAIMABLE; JSON keys Type, Total, Active, Size, Reclaimable in bytes) or, with {@code -v}, every image,
 * container and volume.
 */
@Command(name = "df", mixinStandardHelpOptions = true, header = "Show podman disk usage",
        description = "Show podman disk usage", customSynopsis = "peapod system df [options]")
public final class SystemDfCommand extends EngineCommand {
    @Option(names = {"-v", "--verbose"}, description = "Show detailed information on disk usage")
    boolean verbose;

    @Option(names = "--format", paramLabel = "string", description = "Pretty-print images using a Go template")
    String format;

    /** One summary row: what templates and JSON see. */
    @JsonPropertyOrder({"Type", "Total", "Active", "Size", "Reclaimable"})
    public record Summary(@JsonProperty("Type") String Type, @JsonProperty("Total") int Total,
            @JsonProperty("Active") int Active, @JsonProperty("Size") long RawSize,
            @JsonProperty("Reclaimable") long RawReclaimable) {
        @JsonIgnore
        public String Size() {
            return StatsRows.humanSize(RawSize);
        }

        /** The bytes and their share of the size, {@code 6.41MB (75%)}. */
        @JsonIgnore
        public String Reclaimable() {
            long percent = RawSize > 0 ? Math.round((double) RawReclaimable / RawSize * 100) : 0;
            return StatsRows.humanSize(RawReclaimable) + " (" + percent + "%)";
        }
    }

    @Override
    public Integer call() {
        DiskUsage du = runtime().diskUsage();
        if (verbose) {
            printVerbose(du);
            return 0;
        }
        int activeImages = 0;
        long imageSize = 0;
        long imageFree = 0;
        for (DiskUsage.ImageUsage i : du.images()) {
            activeImages += i.containers() > 0 ? 1 : 0;
            imageSize += i.size();
            imageFree += i.containers() > 0 ? 0 : i.size();
        }
        int running = 0;
        long ctrSize = 0;
        long ctrFree = 0;
        for (DiskUsage.ContainerUsage c : du.containers()) {
            boolean up = c.status().equals("running");
            running += up ? 1 : 0;
            ctrSize += c.rwSize();
            ctrFree += up ? 0 : c.rwSize();
        }
        int links = 0;
        long volSize = 0;
        long volFree = 0;
        for (DiskUsage.VolumeUsage v : du.volumes()) {
            links += v.links();
            volSize += v.size();
            volFree += v.reclaimableSize();
        }
        List<Summary> rows = List.of(
                new Summary("Images", du.images().size(), activeImages, imageSize, imageFree),
                new Summary("Containers", du.containers().size(), running, ctrSize, ctrFree),
                new Summary("Local Volumes", du.volumes().size(), links, volSize, volFree));
        out().print(Output.list(format, rows, r -> r, "{{.Type}}\t{{.Total}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}",
                Map.of(), false));
        out().flush();
        return 0;
    }

    private void printVerbose(DiskUsage du) {
        Instant now = Instant.now();
        out().print("Images space usage:\n\n");
        out().print(Output.list(null, du.images(), i -> Map.of("Repository", i.repository(), "Tag", i.tag(),
                "ImageID", Ids.shortId(i.imageId()), "Created", Human.duration(Duration.between(i.created(), now)),
                "Size", StatsRows.humanSize(i.size()), "SharedSize", StatsRows.humanSize(i.sharedSize()),
                "UniqueSize", StatsRows.humanSize(i.uniqueSize()), "Containers", i.containers()),
                "{{.Repository}}\t{{.Tag}}\t{{.ImageID}}\t{{.Created}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}"
                        + "\t{{.Containers}}",
                Map.of("ImageID", "IMAGE ID", "SharedSize", "SHARED SIZE", "UniqueSize", "UNIQUE SIZE"), false));
        out().print("\nContainers space usage:\n\n");
        out().print(Output.list(null, du.containers(), c -> Map.of("ContainerID", Ids.shortId(c.containerId()),
                "Image", Ids.shortId(c.imageId()), "Command", String.join(" ", c.command()),
                "LocalVolumes", c.localVolumes(), "RWSize", StatsRows.humanSize(c.rwSize()),
                "Created", Human.duration(Duration.between(c.created(), now)), "Status", c.status(),
                "Names", c.name()),
                "{{.ContainerID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.RWSize}}\t{{.Created}}\t{{.Status}}"
                        + "\t{{.Names}}",
                Map.of("ContainerID", "CONTAINER ID", "LocalVolumes", "LOCAL VOLUMES", "RWSize", "SIZE"), false));
        out().print("\nLocal Volumes space usage:\n\n");
        out().print(Output.list(null, du.volumes(), v -> Map.of("VolumeName", v.name(), "Links", v.links(),
                "Size", StatsRows.humanSize(v.size())), "{{.VolumeName}}\t{{.Links}}\t{{.Size}}",
                Map.of("VolumeName", "VOLUME NAME"), false));
        out().flush();
    }
}
