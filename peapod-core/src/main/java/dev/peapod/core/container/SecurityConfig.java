package dev.peapod.core.container;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A container's security settings, as podman's {@code --privileged}, {@code --cap-add}, {@code --cap-drop} and
 * {@code --security-opt} give them. The default is podman 4.3's: its eleven default capabilities, the seccomp
 * profile in effect on the host, no-new-privileges off.
 *
 * @param privileged      every capability, the host's devices, no seccomp filter, no masked or read-only paths
 * @param capAdd          capabilities added to the default set, as {@code CAP_NAME}, or {@code ALL}
 * @param capDrop         capabilities dropped from it, as {@code CAP_NAME}, or {@code ALL} (applied before capAdd)
 * @param seccompProfile  "" for the default profile, {@code unconfined} for none, else the path of a profile file
 * @param noNewPrivileges whether the process may not gain privileges (setuid binaries, file capabilities)
 * @param labelOptions    {@code label=...} options as given: accepted, with no effect where SELinux is off
 */
public record SecurityConfig(boolean privileged, List<String> capAdd, List<String> capDrop, String seccompProfile,
        boolean noNewPrivileges, List<String> labelOptions) {

    /** Podman 4.3's defaults. */
    public static final SecurityConfig DEFAULT = new SecurityConfig(false, List.of(), List.of(), "", false, List.of());

    /** The capabilities a default container has (podman 4.3's {@code default_capabilities}: CapEff 0x800405fb). */
    public static final List<String> DEFAULT_CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER",
            "CAP_FSETID", "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP",
            "CAP_SETUID", "CAP_SYS_CHROOT");

    /** Every capability Linux defines, by number (capability.h); a kernel may know fewer (cap_last_cap). */
    public static final List<String> ALL_CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE",
            "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
            "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
            "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
            "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
            "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
            "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
            "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

    /**
     * @throws InvalidArgumentException if a capability is not one Linux defines
     */
    public SecurityConfig {
        capAdd = normalize(capAdd);
        capDrop = normalize(capDrop);
        seccompProfile = Objects.requireNonNullElse(seccompProfile, "");
        labelOptions = List.copyOf(Objects.requireNonNullElse(labelOptions, List.of()));
    }

    /**
     * These settings with {@code profile} (containers.conf's {@code seccomp_profile}: a file or {@code unconfined})
     * as the seccomp profile when none was asked for; unchanged when one was, or {@code profile} is "".
     */
    public SecurityConfig withDefaultSeccomp(String profile) {
        if (profile == null || profile.isEmpty() || !seccompProfile.isEmpty()) {
            return this;
        }
        return new SecurityConfig(privileged, capAdd, capDrop, profile, noNewPrivileges, labelOptions);
    }

    /** Whether no seccomp filter applies. */
    public boolean seccompUnconfined() {
        return privileged || seccompProfile.equals("unconfined");
    }

    /**
     * The capabilities the container's process gets, among those the engine itself may hand on ({@code hostBounding}
     * is a bit mask, bit n for capability n: the engine's own bounding set), in capability-number order.
     * {@code --privileged} and {@code --cap-add ALL} get all of those, as podman does.
     */
    public List<String> effectiveCapabilities(long hostBounding) {
        List<String> known = new ArrayList<>();
        for (int i = 0; i < ALL_CAPABILITIES.size(); i++) {
            if ((hostBounding & (1L << i)) != 0) {
                known.add(ALL_CAPABILITIES.get(i));
            }
        }
        if (privileged || capAdd.contains("ALL")) {
            List<String> all = new ArrayList<>(known);
            if (!privileged) {
                all.removeIf(c -> capDrop.contains(c));
            }
            return all;
        }
        List<String> out = new ArrayList<>();
        for (String c : known) {
            boolean inDefault = DEFAULT_CAPABILITIES.contains(c) && !capDrop.contains("ALL") && !capDrop.contains(c);
            if (inDefault || capAdd.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    private static List<String> normalize(List<String> caps) {
        List<String> out = new ArrayList<>();
        for (String c : Objects.requireNonNullElse(caps, List.<String>of())) {
            String n = c.strip().toUpperCase(Locale.ROOT);
            if (!n.equals("ALL") && !n.startsWith("CAP_")) {
                n = "CAP_" + n;
            }
            if (!n.equals("ALL") && !ALL_CAPABILITIES.contains(n)) {
                throw new InvalidArgumentException("unknown capability \"" + c + "\": give a name such as NET_RAW, "
                        + "CAP_SYS_ADMIN or ALL");
            }
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }
}
