package dev.peapod.cli.image;

import dev.peapod.cli.ArchiveOutput;
import dev.peapod.cli.EngineCommand;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.image.ArchiveFormat;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code peapod save}: writes images to a docker-archive or oci-archive tarball (see {@code ImageStore.save}), or one
 * image to an oci-dir or docker-dir directory ({@code ImageStore.saveDirectory}).
 */
@Command(name = "save", mixinStandardHelpOptions = true, header = "Save image(s) to an archive",
        description = "Save an image to docker-archive or oci-archive on the local machine. Default is docker-archive.",
        customSynopsis = "${COMMAND-FULL-NAME} [options] IMAGE [IMAGE...]")
public final class SaveCommand extends EngineCommand {
    @Option(names = "--compress", description = "Compress tarball image layers when saving to a directory using the "
            + "'dir' transport. (default is same compression type as source)")
    boolean compress;

    @Option(names = "--format", paramLabel = "string", defaultValue = "docker-archive",
            description = "Save image to oci-archive, oci-dir (directory with oci manifest type), docker-archive, "
                    + "docker-dir (directory with v2s2 manifest type) (default \"docker-archive\")")
    String format;

    @Option(names = {"-m", "--multi-image-archive"}, description = "Interpret additional arguments as images not tags "
            + "and create a multi-image-archive (only for docker-archive)")
    boolean multiImage;

    @Option(names = {"-o", "--output"}, paramLabel = "string",
            description = "Write to a specified file (default: stdout, which must be redirected)")
    String output;

    @Option(names = {"-q", "--quiet"}, description = "Suppress the output")
    boolean quiet;

    @Option(names = "--uncompressed", description = "Accept uncompressed layers when copying OCI images")
    boolean uncompressed;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images = new ArrayList<>();

    @Override
    public Integer call() {
        ArchiveFormat f = ArchiveFormat.of(format);
        if (compress && f != ArchiveFormat.DOCKER_DIR) {
            throw new InvalidArgumentException("--compress can only be set when --format is 'docker-dir'");
        }
        if (f.directory()) {
            if (output == null || output.isEmpty() || output.equals("-") || output.equals("/dev/stdout")) {
                throw new InvalidArgumentException("--format " + format + " writes a directory: name it with -o DIR");
            }
            images().store().saveDirectory(images, f, request().path(output),
                    f == ArchiveFormat.OCI_DIR ? !uncompressed : compress);
            return 0;
        }
        ArchiveOutput.write(request(), output, "save", o -> images().store().save(images, f, multiImage, o));
        return 0;
    }
}
