package dev.peapod.cli.container;

import dev.peapod.cli.ByteSize;
import dev.peapod.core.Runtime;
import dev.peapod.core.container.CompatConfig;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.define.InvalidArgumentException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code create}/{@code run}'s options that podman's scripts pass for how the container is run and logged, with
 * podman's names and help texts: {@code --cidfile}, {@code --conmon-pidfile}, {@code --log-driver},
 * {@code --log-opt}, {@code --tz}, {@code --pid}, {@code --preserve-fds}.
 */
public final class CompatOptions {
    @Option(names = "--cidfile", paramLabel = "string", description = "Write the container ID to the file")
    String cidfile;

    @Option(names = "--conmon-pidfile", paramLabel = "string",
            description = "Path to the file that will receive the PID of conmon")
    String conmonPidfile;

    @Option(names = "--log-driver", paramLabel = "string",
            description = "Logging driver for the container (default \"k8s-file\")")
    String logDriver;

    @Option(names = "--log-opt", paramLabel = "strings", split = ",", description = "Logging driver options")
    List<String> logOpts = new ArrayList<>();

    @Option(names = "--tz", paramLabel = "string", description = "Set timezone in container")
    String tz;

    @Option(names = "--pid", paramLabel = "string", description = "PID namespace to use")
    String pid;

    @picocli.CommandLine.Mixin
    RunFlagOptions runFlags = new RunFlagOptions();

    @Option(names = "--expose", paramLabel = "strings",
            description = "Expose a port or a range of ports (default [])")
    List<String> expose = new ArrayList<>();

    @Option(names = "--preserve-fds", paramLabel = "uint", converter = PreserveFds.Count.class,
            description = "Pass a number of additional file descriptors into the container")
    int preserveFds;

    /**
     * Puts the settings into {@code b}; {@code --pid container:NAME} joins that container's pid namespace. Paths
     * are made absolute against the caller's working directory {@code cwd}; {@code memoryLimited}: whether
     * {@code --memory} is given, which {@code --memory-swap} needs.
     *
     * @throws InvalidArgumentException for a bad value, in podman's words where scripts see them
     */
    void apply(Runtime rt, ContainerConfig.Builder b, Path cwd, boolean memoryLimited) {
        String path = "";
        long maxSize = 0;
        String tag = "";
        for (String opt : logOpts) {
            int eq = opt.indexOf('=');
            String key = eq < 0 ? opt : opt.substring(0, eq);
            String value = eq < 0 ? "" : opt.substring(eq + 1);
            switch (key) {
                case "path" -> path = cwd.resolve(value).normalize().toString();
                case "max-size" -> maxSize = ByteSize.parse(value).bytes();
                case "tag" -> tag = value;
                default -> {
                    // podman passes other options on to the driver, which ignores what it does not know
                }
            }
        }
        boolean pidHost = false;
        if (pid != null && !pid.isEmpty() && !pid.equals("private")) {
            if (pid.equals("host")) {
                pidHost = true;
            } else if (pid.startsWith("container:")) {
                b.joinNamespace("pid", rt.container(pid.substring("container:".length())).id());
            } else {
                throw new InvalidArgumentException("unrecognized namespace mode " + pid + " passed");
            }
        }
        b.compat(new CompatConfig(logDriver, path, maxSize, tag, conmonPidfile == null ? ""
                : cwd.resolve(conmonPidfile).normalize().toString(), tz, pidHost, runFlags.options(expose, memoryLimited, preserveFds)));
    }

    /**
     * {@code --cidfile}, before the container is made: podman refuses a file that exists already.
     *
     * @throws InvalidArgumentException in podman's words when the file exists
     */
    void checkCidfile(Path cwd) {
        if (cidfile != null && Files.exists(cwd.resolve(cidfile))) {
            throw new InvalidArgumentException("container id file exists. Ensure another container is not using it "
                    + "or delete " + cidfile);
        }
    }

    /** {@code --cidfile}: the new container's id written to the file, which must not exist. */
    void writeCidfile(Path cwd, String id) {
        if (cidfile == null) {
            return;
        }
        try {
            Files.writeString(Files.createFile(cwd.resolve(cidfile)), id);
        } catch (FileAlreadyExistsException e) {
            throw new InvalidArgumentException("container id file exists. Ensure another container is not using it "
                    + "or delete " + cidfile);
        } catch (IOException e) {
            throw new UncheckedIOException("opening cidfile " + cidfile + ": " + e.getMessage(), e);
        }
    }
}
