package dev.peapod.cli.container;

import dev.peapod.cli.ArchiveOutput;
import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Container;
import dev.peapod.core.ContainerExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod export}: a container's root file system as a tar archive (see {@link ContainerExport}). */
@Command(name = "export", mixinStandardHelpOptions = true, header = "Export a container's filesystem contents as a tar "
        + "archive", description = "Exports container's filesystem contents as a tar archive and saves it on the local "
        + "machine.", customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER")
public final class ExportCommand extends EngineCommand {
    @Option(names = {"-o", "--output"}, paramLabel = "string",
            description = "Write to a specified file (default: stdout, which must be redirected)")
    String output;

    @Parameters(paramLabel = "CONTAINER", arity = "1", description = "Container name or ID")
    String container;

    @Override
    public Integer call() {
        Container c = runtime().container(container);
        ArchiveOutput.write(request(), output, "export", o -> ContainerExport.export(c, o));
        return 0;
    }
}
