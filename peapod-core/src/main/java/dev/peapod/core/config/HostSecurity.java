package dev.peapod.core.config;

import dev.peapod.core.oci.SecuritySpec;
import dev.peapod.core.container.SecurityConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the host offers containers for their confinement, as podman's {@code info} reports it under
 * {@code host.security}: which Linux security modules are on, the seccomp profile a default container gets, and the
 * default capabilities.
 *
 * @param apparmorEnabled    AppArmor is enabled in the kernel; peapod then gives containers
 *                           {@code apparmorProfile} (where AppArmor is off, as on this project's test host, none)
 * @param apparmorProfile    the profile containers get where AppArmor is enabled
 * @param selinuxEnabled     SELinux is enabled; {@code --security-opt label=...} is accepted either way
 * @param seccompEnabled     the kernel filters system calls for processes (Seccomp field in /proc/self/status)
 * @param seccompProfilePath the profile a default container runs under: a file, {@code builtin}, or "" if
 *                           containers.conf says unconfined
 * @param capabilities       the capabilities of a default container, podman's form: sorted by name, comma-separated
 * @param rootless           the engine runs without root
 */
public record HostSecurity(boolean apparmorEnabled, String apparmorProfile, boolean selinuxEnabled,
                           boolean seccompEnabled, String seccompProfilePath, String capabilities, boolean rootless) {
    static final Path APPARMOR_ENABLED = Path.of("/sys/module/apparmor/parameters/enabled");
    static final Path SELINUX_ENFORCE = Path.of("/sys/fs/selinux/enforce");
    static final Path STATUS = Path.of("/proc/self/status");

    /** This host's, with the defaults {@code conf} sets. */
    public static HostSecurity detect(ContainersConf conf) {
        SecurityConfig def = SecurityConfig.DEFAULT.withDefaultSeccomp(conf.seccompProfile());
        return new HostSecurity(apparmorEnabled(APPARMOR_ENABLED), conf.apparmorProfile(),
                Files.exists(SELINUX_ENFORCE), seccompSupported(STATUS), SecuritySpec.profileSource(def),
                String.join(",", SecuritySpec.capabilities(def).stream().sorted().toList()), uid() != 0);
    }

    /** AppArmor is on when its module parameter says Y (the file is missing where the module is not built in). */
    static boolean apparmorEnabled(Path parameter) {
        try {
            return Files.readAllLines(parameter).stream().anyMatch(l -> l.strip().equals("Y"));
        } catch (IOException e) {
            return false;
        }
    }

    /** The kernel supports seccomp when a process's status has a Seccomp field. */
    static boolean seccompSupported(Path status) {
        try {
            List<String> lines = Files.readAllLines(status);
            return lines.stream().anyMatch(l -> l.startsWith("Seccomp:"));
        } catch (IOException e) {
            return false;
        }
    }

    private static long uid() {
        try {
            for (String l : Files.readAllLines(STATUS)) {
                if (l.startsWith("Uid:")) {
                    return Long.parseLong(l.substring(4).strip().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown: report root, as the engine runs as root on every supported host
        }
        return 0;
    }
}
