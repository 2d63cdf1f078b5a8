package dev.peapod.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.core.container.SecurityConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A container's {@link SecurityConfig} written into its runtime spec: capabilities, no-new-privileges, the seccomp
 * filter, and for {@code --privileged} the host's devices with no masked or read-only paths, as podman does.
 */
public final class SecuritySpec {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path OSRELEASE = Path.of("/proc/sys/kernel/osrelease");
    private static final Set<String> NOT_PASSED = Set.of("/dev/pts", "/dev/shm", "/dev/mqueue", "/dev/ptmx",
            "/dev/console", "/dev/tty");
    private static volatile SeccompProfile hostDefault;

    private SecuritySpec() {
    }

    /** The capabilities a container with these settings gets on this host, in capability-number order. */
    public static List<String> capabilities(SecurityConfig sec) {
        return sec.effectiveCapabilities(hostBounding());
    }

    /** The seccomp profile that applies, or null for none; what inspect shows comes from {@link SeccompProfile#source}. */
    static SeccompProfile profile(SecurityConfig sec) {
        if (sec.seccompUnconfined()) {
            return null;
        }
        if (!sec.seccompProfile().isEmpty()) {
            return SeccompProfile.load(Path.of(sec.seccompProfile()));
        }
        SeccompProfile p = hostDefault;
        if (p == null) {
            p = SeccompProfile.hostDefault();
            hostDefault = p;
        }
        return p;
    }

    /**
     * The seccomp profile a container with these settings runs under: its file, {@link SeccompProfile#BUILTIN},
     * or "" when unconfined.
     */
    public static String profileSource(SecurityConfig sec) {
        if (sec.seccompUnconfined()) {
            return "";
        }
        return sec.seccompProfile().isEmpty() ? profile(sec).source() : sec.seccompProfile();
    }

    /** Rewrites the security-related parts of a spec built with the defaults. */
    static void apply(ObjectNode spec, SecurityConfig sec) {
        ObjectNode process = (ObjectNode) spec.get("process");
        List<String> caps = capabilities(sec);
        ObjectNode c = process.putObject("capabilities");
        c.putArray("bounding").addAll(texts(caps));
        if (process.path("user").path("uid").asLong(0) == 0) {
            c.putArray("effective").addAll(texts(caps));
            c.putArray("permitted").addAll(texts(caps));
        } else {
            // as podman: a user other than root holds only what --cap-add names (ambient, so it survives the exec);
            // the rest stays in the bounding set for setuid programs
            List<String> userCaps = caps.stream()
                    .filter(cap -> sec.capAdd().contains("ALL") || sec.capAdd().contains(cap)).toList();
            for (String set : List.of("effective", "permitted", "inheritable", "ambient")) {
                c.putArray(set).addAll(texts(userCaps));
            }
        }
        process.put("noNewPrivileges", sec.noNewPrivileges());
        ObjectNode linux = (ObjectNode) spec.get("linux");
        SeccompProfile profile = profile(sec);
        if (profile != null) {
            linux.set("seccomp", profile.toSpec(caps, SeccompProfile.goArch(), kernelRelease()));
        }
        if (sec.privileged()) {
            privileged(spec, linux);
        }
    }

    private static void privileged(ObjectNode spec, ObjectNode linux) {
        linux.putArray("maskedPaths");
        linux.putArray("readonlyPaths");
        ArrayNode rules = ((ObjectNode) linux.get("resources")).putArray("devices");
        rules.addObject().put("allow", true).put("access", "rwm");
        for (JsonNode m : spec.path("mounts")) {
            if (m.path("destination").asText().equals("/sys") || m.path("destination").asText().equals("/sys/fs/cgroup")) {
                ArrayNode options = (ArrayNode) m.get("options");
                for (int i = options.size() - 1; i >= 0; i--) {
                    if (options.get(i).asText().equals("ro")) {
                        options.remove(i);
                    }
                }
                options.add("rw");
            }
        }
        ArrayNode devices = (ArrayNode) linux.get("devices");
        Set<String> have = new HashSet<>();
        devices.forEach(d -> have.add(d.path("path").asText()));
        for (HostDevice d : hostDevices()) {
            if (have.add(d.path())) {
                devices.addObject().put("path", d.path()).put("type", d.type()).put("major", d.major())
                        .put("minor", d.minor()).put("fileMode", d.mode()).put("uid", 0).put("gid", 0);
            }
        }
    }

    /** One device node of the host's /dev. */
    record HostDevice(String path, String type, long major, long minor, int mode) {
    }

    /** The host's device nodes under /dev (not the per-container pts, shm, mqueue, console and tty). */
    static List<HostDevice> hostDevices() {
        List<HostDevice> out = new ArrayList<>();
        try (Stream<Path> all = Files.walk(Path.of("/dev"), 3)) {
            for (Path p : all.toList()) {
                if (NOT_PASSED.stream().anyMatch(n -> p.toString().equals(n) || p.startsWith(n + "/"))) {
                    continue;
                }
                try {
                    int mode = (Integer) Files.getAttribute(p, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    int kind = mode & 0170000;
                    if (kind != 0020000 && kind != 0060000) {
                        continue;
                    }
                    long rdev = (Long) Files.getAttribute(p, "unix:rdev", java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    long major = ((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfffL);
                    long minor = (rdev & 0xff) | ((rdev >> 12) & ~0xffL);
                    out.add(new HostDevice(p.toString(), kind == 0020000 ? "c" : "b", major, minor, mode & 07777));
                } catch (IOException | UnsupportedOperationException e) {
                    // a node that vanished or cannot be read is not passed
                }
            }
        } catch (IOException e) {
            // no /dev to walk: the default devices only
        }
        return out;
    }

    /** The engine's own bounding set (CapBnd), which is all a container can be given; a sandbox may hold back some. */
    static long hostBounding() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("CapBnd:")) {
                    return Long.parseUnsignedLong(line.substring(7).strip(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through: every capability Linux defines
        }
        return (1L << SecurityConfig.ALL_CAPABILITIES.size()) - 1;
    }

    /**
     * The kernel release. Not {@code Files.readString}: on this machine's kernel that returned "4" for a sysctl file
     * holding "40" (it trusts the size procfs reports); reading lines does not.
     */
    private static String kernelRelease() {
        try {
            List<String> lines = Files.readAllLines(OSRELEASE);
            return lines.isEmpty() ? "0.0" : lines.getFirst().strip();
        } catch (IOException e) {
            return "0.0";
        }
    }

    private static ArrayNode texts(List<String> values) {
        ArrayNode a = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        values.forEach(a::add);
        return a;
    }
}
