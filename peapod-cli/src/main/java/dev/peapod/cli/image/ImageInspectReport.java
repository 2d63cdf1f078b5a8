package dev.peapod.cli.image;

import dev.peapod.core.image.Image;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One image as {@code image inspect} prints it, with podman's field names.
 *
 * @param id           image id
 * @param digest       manifest digest
 * @param repoTags     its names
 * @param repoDigests  each repository at the manifest digest
 * @param created      creation time
 * @param config       its runtime configuration
 * @param architecture the architecture it is for (peapod stores images of the host's)
 * @param os           the OS it is for
 * @param size         uncompressed size of its layers
 * @param virtualSize  the same as {@code size}
 * @param labels       image labels
 * @param rootFS       its layers
 */
public record ImageInspectReport(String id, String digest, List<String> repoTags, List<String> repoDigests,
                                 Instant created, Config config, String architecture, String os, long size,
                                 long virtualSize, Map<String, String> labels, RootFS rootFS) {

    /** The runtime configuration, as podman's {@code Config}. */
    public record Config(List<String> env, List<String> entrypoint, List<String> cmd, String workingDir, String user,
                         Map<String, String> labels, String stopSignal) {
    }

    /** The layers, as podman's {@code RootFS}. */
    public record RootFS(String type, List<String> layers) {
    }

    static ImageInspectReport of(Image i) {
        var c = i.config();
        ImageReport r = ImageReport.of(i);
        String arch = switch (System.getProperty("os.arch")) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> System.getProperty("os.arch");
        };
        return new ImageInspectReport(i.id(), i.digest(), i.names(), r.repoDigests(), i.created(),
                new Config(c.env(), c.entrypoint(), c.cmd(), c.workingDir(), c.user(), c.labels(), c.stopSignal()),
                arch, "linux", i.size(), i.size(), c.labels(), new RootFS("layers", i.diffIds()));
    }
}
