package dev.peapod.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * podman's global flags that scripts pass on every command line, accepted so those scripts run unchanged: each is
 * honoured where peapod has the feature and refused with a clear error where a value asks for something peapod does
 * not do (another storage driver, the systemd cgroup manager).
 *
 * <ul>
 *   <li>{@code --noout}: the command's standard output is dropped (errors still reach stderr);</li>
 *   <li>{@code --storage-driver overlay} (the only driver), {@code --storage-opt} ({@code overlay.*} options, or
 *   an empty value to drop storage.conf's);</li>
 *   <li>{@code --cgroup-manager cgroupfs} (the only manager), {@code --events-backend file|none},
 *   {@code --runtime-flag}, {@code --network-config-dir}, {@code --tmpdir}: recorded; peapod keeps its events,
 *   networks and temporary files under the store and runs the OCI runtime with its own flags.</li>
 * </ul>
 */
public final class CompatGlobals {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--noout", scope = ScopeType.INHERIT, description = "do not output to stdout")
    boolean noout;

    @Option(names = "--storage-driver", scope = ScopeType.INHERIT, paramLabel = "string",
            description = "Select which storage driver is used to manage storage of images and containers "
                    + "(overlay)")
    void storageDriver(String driver) {
        if (!driver.isEmpty() && !driver.equals("overlay")) {
            throw new ParameterException(mixee.commandLine(), "storage driver \"" + driver
                    + "\" is not supported: peapod stores images and containers with overlay only");
        }
    }

    @Option(names = "--storage-opt", scope = ScopeType.INHERIT, paramLabel = "stringArray",
            description = "Used to pass an option to the storage driver")
    void storageOpt(List<String> opts) {
        for (String o : opts) {
            if (!o.isEmpty() && !o.startsWith("overlay.") && !o.startsWith("overlay2.")) {
                throw new ParameterException(mixee.commandLine(), "storage option \"" + o
                        + "\" is not supported: peapod takes overlay.* options only");
            }
        }
    }

    @Option(names = "--cgroup-manager", scope = ScopeType.INHERIT, paramLabel = "string",
            description = "Cgroup manager to use (\"cgroupfs\"|\"systemd\") (default \"cgroupfs\")")
    void cgroupManager(String manager) {
        if (!manager.equals("cgroupfs")) {
            throw new ParameterException(mixee.commandLine(), "cgroup manager \"" + manager
                    + "\" is not supported: peapod manages cgroups through cgroupfs");
        }
    }

    private static final Set<String> EVENT_BACKENDS = Set.of("file", "none", "journald");

    @Option(names = "--events-backend", scope = ScopeType.INHERIT, paramLabel = "string",
            description = "Events backend to use (\"file\"|\"journald\"|\"none\")")
    void eventsBackend(String backend) {
        if (!EVENT_BACKENDS.contains(backend.toLowerCase(Locale.ROOT))) {
            throw new ParameterException(mixee.commandLine(), "invalid events backend \"" + backend
                    + "\": choose file, journald or none");
        }
    }

    @Option(names = "--runtime-flag", scope = ScopeType.INHERIT, paramLabel = "stringArray",
            description = "add global flags for the container runtime")
    List<String> runtimeFlags = new ArrayList<>();

    @Option(names = "--network-config-dir", scope = ScopeType.INHERIT, paramLabel = "string",
            description = "Path of the configuration directory for networks")
    String networkConfigDir;

    @Option(names = "--tmpdir", scope = ScopeType.INHERIT, paramLabel = "string",
            description = "Path to the tmp directory for libpod state content")
    String tmpdir;

    /** Standard output as the command should write it: dropped with {@code --noout}. */
    static PrintWriter out(PrintWriter out, boolean noout) {
        return noout ? new PrintWriter(Writer.nullWriter()) : out;
    }
}
