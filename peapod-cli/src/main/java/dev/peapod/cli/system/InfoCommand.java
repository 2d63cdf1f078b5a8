package dev.peapod.cli.system;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.OutputFormat;
import dev.peapod.cli.format.Json;
import dev.peapod.cli.format.Output;
import dev.peapod.core.Container;
import dev.peapod.core.Runtime;
import dev.peapod.core.RuntimeOptions;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.oci.HostSecurity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code peapod info}: the host, the store and the versions peapod works with. */
@Command(name = "info", mixinStandardHelpOptions = true, header = "Display peapod system information",
        description = {"Display information pertaining to the host, current storage stats, and build of peapod.",
            "Useful for the user and when reporting issues."},
        customSynopsis = "${COMMAND-FULL-NAME} [options]")
public final class InfoCommand extends EngineCommand {
    @Mixin
    OutputFormat format;

    /** What {@code info} reports; templates see the same fields ({@code {{.Host.Kernel}}}). */
    public record InfoReport(Host host, Store store, VersionCommand.Client version) {
    }

    /**
     * The host.
     *
     * @param arch          machine architecture as Go names it
     * @param os            operating system
     * @param kernel        kernel release
     * @param hostname      host name
     * @param cpus          processors available to the JVM
     * @param cgroupVersion v1 or v2
     * @param ociRuntime    the OCI runtime binary used
     * @param conmon        the conmon binary used
     * @param security      the confinement containers get (podman's {@code host.security})
     */
    public record Host(String arch, String os, String kernel, String hostname, int cpus, String cgroupVersion,
                       String ociRuntime, String conmon, Security security) {
    }

    /** podman's {@code host.security}: keys and meanings as podman 4.3's ({@code {{.Host.Security.AppArmorEnabled}}}). */
    public record Security(boolean apparmorEnabled, String capabilities, boolean rootless, boolean seccompEnabled,
                           String seccompProfilePath, boolean selinuxEnabled) {
        static Security of(HostSecurity h) {
            return new Security(h.apparmorEnabled(), h.capabilities(), h.rootless(), h.seccompEnabled(),
                    h.seccompProfilePath(), h.selinuxEnabled());
        }
    }

    /**
     * The store.
     *
     * @param graphRoot      persistent root
     * @param runRoot        run-time root
     * @param namespace      libpod namespace in use
     * @param pods           number of pods
     * @param containers     container counts
     */
    public record Store(String graphRoot, String runRoot, String namespace, int pods, ContainerStore containers) {
    }

    /** Container counts by state. */
    public record ContainerStore(int number, int running, int paused, int stopped) {
    }

    @Override
    public Integer call() {
        Runtime rt = runtime();
        RuntimeOptions o = rt.options();
        List<Container> cs = rt.containers();
        int running = 0;
        int paused = 0;
        for (Container c : cs) {
            ContainerStatus s = c.lastKnownState().state();
            running += s == ContainerStatus.RUNNING ? 1 : 0;
            paused += s == ContainerStatus.PAUSED ? 1 : 0;
        }
        VersionCommand.Client v = VersionCommand.report().client();
        InfoReport r = new InfoReport(new Host(v.osArch().substring(v.osArch().indexOf('/') + 1), v.os(),
                read("/proc/sys/kernel/osrelease"), read("/proc/sys/kernel/hostname"),
                java.lang.Runtime.getRuntime().availableProcessors(),
                Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "v2" : "v1",
                o.runtimePath().toString(), o.conmonPath().toString(), Security.of(rt.hostSecurity())),
                new Store(o.root().toString(), o.runRoot().toString(), o.namespace(), rt.pods().size(),
                        new ContainerStore(cs.size(), running, paused, cs.size() - running - paused)), v);
        // JSON is valid YAML: the default output reads like podman's YAML without a YAML dependency
        out().print(Output.single(format.template, r, x -> Json.pretty(r, "  ") + "\n"));
        out().flush();
        return 0;
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
