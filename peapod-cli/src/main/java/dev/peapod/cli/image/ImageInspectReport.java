package dev.peapod.cli.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.peapod.core.image.Image;
import dev.peapod.core.image.ImageNotes;
import dev.peapod.core.image.ImageStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One image as {@code image inspect} prints it: podman 4.3's keys in its order ({@code Config} with the OCI image
 * configuration's {@code omitempty} keys).
 *
 * @param id           image id
 * @param digest       manifest digest
 * @param repoTags     its names
 * @param repoDigests  each repository at the manifest digest
 * @param parent       the parent image ("" for peapod's images, which record none)
 * @param comment      the image's comment
 * @param created      creation time
 * @param config       its runtime configuration
 * @param version      the builder's version
 * @param author       the image's author
 * @param architecture the architecture it is for (peapod stores images of the host's)
 * @param os           the OS it is for
 * @param size         uncompressed size of its layers
 * @param virtualSize  the same as {@code size}
 * @param graphDriver  the storage driver and its directories
 * @param rootFS       its layers
 * @param labels       image labels, null when none
 * @param annotations  manifest annotations
 * @param manifestType the manifest's media type
 * @param user         the user the image runs as
 * @param history      the image's history entries
 * @param namesHistory the names it has had
 */
public record ImageInspectReport(String id, String digest, List<String> repoTags, List<String> repoDigests,
                                 String parent, String comment, Instant created, Config config, String version,
                                 String author, String architecture, String os, long size, long virtualSize,
                                 GraphDriver graphDriver, RootFS rootFS, Map<String, String> labels,
                                 Map<String, String> annotations, String manifestType, String user,
                                 List<Map<String, Object>> history, List<String> namesHistory) {

    /** The runtime configuration, as the OCI image config (keys only when set). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"User", "Env", "Entrypoint", "Cmd", "WorkingDir", "Labels", "StopSignal"})
    public record Config(String user, List<String> env, List<String> entrypoint, List<String> cmd, String workingDir,
                         Map<String, String> labels, String stopSignal) {
    }

    /** The storage driver, as podman's {@code GraphDriver}. */
    public record GraphDriver(String name, Map<String, String> data) {
    }

    /** The layers, as podman's {@code RootFS}. */
    public record RootFS(String type, List<String> layers) {
    }

    /** The report of the image {@code ref} names in {@code store}, its author and comment read from its config. */
    public static ImageInspectReport of(ImageStore store, String ref) {
        Image i = store.resolve(ref);
        return of(i, ImageNotes.of(store, i));
    }

    /** The report of one image. */
    public static ImageInspectReport of(Image i, ImageNotes notes) {
        var c = i.config();
        ImageReport r = ImageReport.of(i);
        String arch = switch (System.getProperty("os.arch")) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> System.getProperty("os.arch");
        };
        return new ImageInspectReport(i.id(), i.digest(), i.names(), r.repoDigests(), "", notes.comment(),
                i.created(),
                new Config(c.user(), c.env(), c.entrypoint(), c.cmd(), c.workingDir(), c.labels(), c.stopSignal()),
                "", notes.author(), arch, "linux", i.size(), i.size(), new GraphDriver("overlay", Map.of()),
                new RootFS("layers", i.diffIds()), c.labels().isEmpty() ? null : c.labels(), Map.of(),
                "application/vnd.oci.image.manifest.v1+json", c.user(), List.of(), i.names());
    }
}
