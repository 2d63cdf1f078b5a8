package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.ContainerCopy;
import dev.peapod.core.Runtime;
import dev.peapod.core.define.InvalidArgumentException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code peapod cp}: copies files between a container and the host, between two containers, or as a tar stream on
 * standard input or output ({@code -}), with podman's rules (see {@link ContainerFiles}).
 */
@Command(name = "cp", mixinStandardHelpOptions = true, header = "Copy files/folders between a container and the "
        + "local filesystem", description = {"Copy the contents of SRC_PATH to the DEST_PATH.", "",
            "You can copy from the container's file system to the local machine or the reverse, from the local "
                + "filesystem to the container. If \"-\" is specified for either the SRC_PATH or DEST_PATH, you can "
                + "also stream a tar archive from STDIN or to STDOUT. The CONTAINER can be a running or stopped "
                + "container. The SRC_PATH or DEST_PATH can be a file or a directory."},
        customSynopsis = "${COMMAND-FULL-NAME} [options] [CONTAINER:]SRC_PATH [CONTAINER:]DEST_PATH")
public final class CpCommand extends EngineCommand {
    @Parameters(index = "0", paramLabel = "SRC_PATH", description = "[CONTAINER:]SRC_PATH or -")
    String source;

    @Parameters(index = "1", paramLabel = "DEST_PATH", description = "[CONTAINER:]DEST_PATH or -")
    String destination;

    /** {@code CONTAINER:PATH} splits at the first colon unless the argument starts as a host path does. */
    record Arg(String container, String path) {
        static Arg parse(String s) {
            if (s.equals("-") || s.startsWith("/") || s.startsWith(".")) {
                return new Arg(null, s);
            }
            int colon = s.indexOf(':');
            return colon <= 0 ? new Arg(null, s) : new Arg(s.substring(0, colon), s.substring(colon + 1));
        }

        boolean stream() {
            return container == null && path.equals("-");
        }
    }

    @Override
    public Integer call() throws Exception {
        Arg src = Arg.parse(source);
        Arg dst = Arg.parse(destination);
        if (src.stream() && dst.stream()) {
            throw new InvalidArgumentException("one of SRC or DEST must be a container path, not both \"-\"");
        }
        Runtime rt = runtime();
        if (dst.stream()) {
            if (src.container() == null) {
                throw new InvalidArgumentException("copying a host path to standard output is not supported: give "
                        + "CONTAINER:SRC_PATH");
            }
            // the archive is binary: it goes to the process's standard output, not the command's text writer
            out().flush();
            ContainerCopy.archive(rt.container(src.container()), src.path(), request().stdout());
            request().stdout().flush();
            return 0;
        }
        if (src.stream()) {
            if (dst.container() == null) {
                throw new InvalidArgumentException("copying standard input to a host path is not supported: give "
                        + "CONTAINER:DEST_PATH");
            }
            ContainerCopy.extract(request().stdin(), rt.container(dst.container()), dst.path());
            return 0;
        }
        ContainerCopy.copy(location(rt, src), location(rt, dst));
        return 0;
    }

    private ContainerCopy.Location location(Runtime rt, Arg a) {
        if (a.container() == null) {
            return ContainerCopy.Location.host(a.path().startsWith("/") ? a.path()
                    : request().path(a.path()) + (a.path().endsWith("/") ? "/" : ""));
        }
        return new ContainerCopy.Location(rt.container(a.container()), a.path());
    }
}
