package dev.peapod.cli;

import dev.peapod.core.RuntimeOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * peapod's global options.
 *
 * @param root      where data (state database, images, container storage) is kept
 * @param runroot   where run-time state (locks, bundles, exit files) is kept; lost on reboot
 * @param logLevel  one of {@link PeapodCommand#LOG_LEVELS}, lower-case
 * @param runtime   path of the OCI runtime (runc), or null for the default found on the PATH
 * @param conmon    path of conmon, or null for the default
 * @param namespace libpod namespace to work in, or null for the default
 */
public record GlobalOptions(String root, String runroot, String logLevel, String runtime, String conmon,
                            String namespace) {
    /** The system property naming the native client that started this JVM (set by the client itself). */
    public static final String CLIENT_PROPERTY = "peapod.client";

    /** Whether errors should carry their stack traces ({@code --log-level=debug} or {@code trace}). */
    public boolean debug() {
        return "debug".equals(logLevel) || "trace".equals(logLevel);
    }

    /**
     * These options with the paths the user typed relative ({@code --root x}, {@code --runtime ./runc}) made
     * absolute against {@code cwd}, the caller's working directory; bare program names stay to be found on the
     * PATH.
     */
    public GlobalOptions resolvedAgainst(Path cwd) {
        return new GlobalOptions(cwd.resolve(root).toString(), cwd.resolve(runroot).toString(), logLevel,
                program(cwd, runtime), program(cwd, conmon), namespace);
    }

    private static String program(Path cwd, String p) {
        return p == null || !p.contains("/") ? p : cwd.resolve(p).toString();
    }

    public Path rootPath() {
        return Path.of(root);
    }

    public Path runrootPath() {
        return Path.of(runroot);
    }

    /**
     * The engine's options: these paths, binaries and namespace, and as conmon's exit command this same
     * peapod (same JVM, class path and global options), so a container that exits is cleaned up by
     * {@code peapod container cleanup}.
     */
    public RuntimeOptions toRuntimeOptions() {
        return new RuntimeOptions(rootPath(), runrootPath(), namespace, runtime == null ? null : Path.of(runtime),
                conmon == null ? null : Path.of(conmon), exitCommand(), null, 0);
    }

    /**
     * The command line that re-runs this peapod with these global options (no subcommand): the native client
     * when this JVM was started by one (system property {@value #CLIENT_PROPERTY}), so that conmon's exit
     * command runs in the warm engine process instead of starting a JVM per exited container; else this
     * same JVM command.
     */
    public List<String> exitCommand() {
        List<String> cmd = new ArrayList<>();
        String client = System.getProperty(CLIENT_PROPERTY);
        if (client != null && java.nio.file.Files.isExecutable(Path.of(client))) {
            cmd.add(client);
            addGlobalOptions(cmd);
            return cmd;
        }
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        cmd.addAll(jvmOptions());
        cmd.add("-cp");
        // conmon runs the exit command from another directory: every class path entry must be absolute
        cmd.add(String.join(java.io.File.pathSeparator, java.util.Arrays.stream(
                System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString()).toList()));
        cmd.add(Main.class.getName());
        addGlobalOptions(cmd);
        return cmd;
    }

    private void addGlobalOptions(List<String> cmd) {
        cmd.add("--root");
        cmd.add(rootPath().toAbsolutePath().toString());
        cmd.add("--runroot");
        cmd.add(runrootPath().toAbsolutePath().toString());
        cmd.add("--log-level");
        cmd.add(logLevel);
        if (runtime != null) {
            cmd.add("--runtime");
            cmd.add(runtime);
        }
        if (conmon != null) {
            cmd.add("--conmon");
            cmd.add(conmon);
        }
        if (namespace != null) {
            cmd.add("--namespace");
            cmd.add(namespace);
        }
    }

    /**
     * The options this JVM was started with (flags, -D properties, the AOT cache), read from
     * /proc/self/cmdline so the exit command's JVM starts the same way; the launcher's defaults when
     * they cannot be read.
     */
    static List<String> jvmOptions() {
        try {
            String[] argv = new String(java.nio.file.Files.readAllBytes(Path.of("/proc/self/cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8).split("\0");
            List<String> opts = new ArrayList<>();
            for (int i = 1; i < argv.length; i++) {
                String a = argv[i];
                if (a.equals("-jar") || a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path")
                        || !a.startsWith("-")) {
                    break;
                }
                if (!a.startsWith("-XX:AOTCacheOutput") && !a.startsWith("-XX:AOTMode")
                        && !a.startsWith("-XX:AOTConfiguration")) {
                    opts.add(a); // a training run's recording options are not the exit command's
                }
            }
            return opts;
        } catch (java.io.IOException | RuntimeException e) {
            return List.of("--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        }
    }
}
