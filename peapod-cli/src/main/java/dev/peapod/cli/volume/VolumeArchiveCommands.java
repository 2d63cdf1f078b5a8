package dev.peapod.cli.volume;

import dev.peapod.cli.ArchiveOutput;
import dev.peapod.cli.EngineCommand;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.volume.VolumeArchive;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod volume export} and {@code volume import}: a volume's files as a tar archive and back. */
public final class VolumeArchiveCommands {
    private VolumeArchiveCommands() {
    }

    /** {@code peapod volume export}: to {@code -o FILE} or to standard output, which must not be a terminal. */
    @Command(name = "export", mixinStandardHelpOptions = true, header = "Export volumes",
            description = "Allow content of volume to be exported into external tar.",
            customSynopsis = "peapod volume export [options] VOLUME")
    public static final class Export extends EngineCommand {
        @Option(names = {"-o", "--output"}, paramLabel = "string", defaultValue = "/dev/stdout",
                description = "Write to a specified file (default: stdout, which must be redirected)")
        String output;

        @Parameters(paramLabel = "VOLUME", arity = "1", description = "Volume name")
        String volume;

        @Override
        public Integer call() {
            if (output.isEmpty()) {
                throw new InvalidArgumentException("expects output path, use --output=[path]");
            }
            var volumes = runtime().volumes();
            volumes.get(volume);
            ArchiveOutput.write(request(), output, "export", out -> VolumeArchive.export(volumes, volume, out));
            return 0;
        }
    }

    /** {@code peapod volume import VOLUME FILE|-}: extracts a tar archive (plain or compressed) into the volume. */
    @Command(name = "import", mixinStandardHelpOptions = true, header = "Import a tarball contents into a podman "
            + "volume", description = "Imports contents into a podman volume from specified tarball (.tar, .tar.gz, "
            + ".tgz, .bzip, .tar.xz, .txz).", customSynopsis = "peapod volume import VOLUME [SOURCE]")
    public static final class Import extends EngineCommand {
        @Parameters(index = "0", paramLabel = "VOLUME", description = "Volume name")
        String volume;

        @Parameters(index = "1", paramLabel = "SOURCE", description = "Tar file, or - for standard input")
        String source;

        @Override
        public Integer call() {
            var volumes = runtime().volumes();
            volumes.get(volume);
            if (source.equals("-")) {
                VolumeArchive.importTar(volumes, volume, request().stdin());
                return 0;
            }
            Path file = request().path(source);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                VolumeArchive.importTar(volumes, volume, in);
            } catch (NoSuchFileException e) {
                throw new InvalidArgumentException("open " + source + ": no such file or directory");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            return 0;
        }
    }
}
