package dev.peapod.core.volume;

import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.image.SafeTarExtractor;
import dev.peapod.core.image.TarWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * {@code volume export} and {@code volume import}: a volume's files as a tar stream and back, as podman 4.3.1's. The
 * archive holds the volume's contents (no leading directory); importing goes through the {@link SafeTarExtractor},
 * so no entry lands outside the volume, and adds to what the volume holds. A volume whose files live on a mount of
 * its own ({@code -o type=...device=...}, other than tmpfs) is refused while no container has it mounted, with
 * podman's words.
 */
public final class VolumeArchive {
    private VolumeArchive() {
    }

    /**
     * Writes the volume's contents to {@code out} as a tar stream.
     *
     * @throws dev.peapod.core.define.NoSuchVolumeException if there is no such volume
     * @throws InvalidArgumentException                       if its directory is not mounted
     */
    public static void export(Volumes volumes, String nameOrPrefix, OutputStream out) {
        Path data = ready(volumes, nameOrPrefix);
        try {
            TarWriter.write(data, "", out, TarWriter.Options.PLAIN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export volume " + nameOrPrefix + ": " + e.getMessage(), e);
        }
    }

    /**
     * Extracts a tar stream (plain or compressed) into the volume, keeping owners when running as root.
     *
     * @return what was extracted
     * @throws dev.peapod.core.define.NoSuchVolumeException if there is no such volume
     * @throws InvalidArgumentException                       if its directory is not mounted, or for an archive
     *                                                        entry that would leave the volume or is malformed
     */
    public static SafeTarExtractor.Result importTar(Volumes volumes, String nameOrPrefix, InputStream tar) {
        Path data = ready(volumes, nameOrPrefix);
        SafeTarExtractor.Options layer = SafeTarExtractor.Options.layer();
        try {
            return new SafeTarExtractor(new SafeTarExtractor.Options(false, layer.preserveOwnership(), false))
                    .extract(SafeTarExtractor.decompressed(tar), data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the archive for volume " + nameOrPrefix + ": "
                    + e.getMessage(), e);
        }
    }

    private static Path ready(Volumes volumes, String nameOrPrefix) {
        Volume v = volumes.get(nameOrPrefix);
        Path data = volumes.mountPoint(v.name());
        String type = v.config().options().get("type");
        if (v.config().needsMount() && !"tmpfs".equals(type) && volumes.state(v.name()).mountCount() == 0) {
            throw new InvalidArgumentException("volume is using a driver " + v.config().driver()
                    + " and volume is not mounted on " + data);
        }
        return data;
    }
}
