package dev.peapod.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.core.define.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A seccomp profile in the containers-common (and Docker) file format, translated into the runtime spec's
 * {@code linux.seccomp} for one container: rules are kept or left out by the architecture, kernel version and
 * capabilities they name ({@code includes}/{@code excludes}), as podman translates its profile.
 *
 * <p>The default profile is the host's containers-common file ({@code /etc/containers/seccomp.json}, else
 * {@code /usr/share/containers/seccomp.json}), the ecosystem's configuration as registries.conf is; where there is
 * none, peapod's built-in profile refuses the same calls by name.
 */
public final class SeccompProfile {
    /** Where containers-common installs its profile; the first that exists is the default. */
    public static final List<Path> HOST_PROFILES = List.of(Path.of("/etc/containers/seccomp.json"),
            Path.of("/usr/share/containers/seccomp.json"));
    /** What inspect shows for the built-in profile. */
    public static final String BUILTIN = "builtin";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode profile;
    private final String source;

    private SeccompProfile(JsonNode profile, String source) {
        this.profile = profile;
        this.source = source;
    }

    /** The host's containers-common profile, or the built-in one where the host has none. */
    public static SeccompProfile hostDefault() {
        for (Path p : HOST_PROFILES) {
            if (Files.isRegularFile(p)) {
                return load(p);
            }
        }
        return builtin();
    }

    /** peapod's built-in profile. */
    public static SeccompProfile builtin() {
        try (InputStream in = SeccompProfile.class.getResourceAsStream("seccomp-builtin.json")) {
            return new SeccompProfile(JSON.readTree(in), BUILTIN);
        } catch (IOException e) {
            throw new IllegalStateException("the built-in seccomp profile is missing from the jar", e);
        }
    }

    /**
     * A profile file.
     *
     * @throws InvalidArgumentException if it cannot be read or is not a seccomp profile
     */
    public static SeccompProfile load(Path file) {
        JsonNode node;
        try {
            node = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidArgumentException("cannot read seccomp profile " + file + ": " + e.getMessage());
        }
        if (node == null || !node.isObject() || !node.path("defaultAction").isTextual()) {
            throw new InvalidArgumentException("seccomp profile " + file
                    + " has no \"defaultAction\": it is not a seccomp profile (see containers-common's seccomp.json)");
        }
        return new SeccompProfile(node, file.toString());
    }

    /** The file it came from, or {@link #BUILTIN}: what inspect shows as {@code SeccompProfilePath}. */
    public String source() {
        return source;
    }

    /**
     * The spec's {@code linux.seccomp} object for a container with these capabilities on this host.
     *
     * @param goArch        the host's architecture as Go names it (amd64, arm64, ...)
     * @param kernelRelease the host's kernel release ({@code /proc/sys/kernel/osrelease})
     */
    public ObjectNode toSpec(List<String> capabilities, String goArch, String kernelRelease) {
        ObjectNode out = JSON.createObjectNode();
        out.put("defaultAction", profile.path("defaultAction").asText());
        if (profile.has("defaultErrnoRet")) {
            out.put("defaultErrnoRet", profile.path("defaultErrnoRet").asInt());
        }
        ArrayNode arches = out.putArray("architectures");
        String native_ = scmpArch(goArch);
        for (JsonNode m : profile.path("archMap")) {
            if (m.path("architecture").asText().equals(native_)) {
                arches.add(native_);
                m.path("subArchitectures").forEach(arches::add);
            }
        }
        if (arches.isEmpty() && native_ != null) {
            arches.add(native_);
        }
        ArrayNode calls = out.putArray("syscalls");
        for (JsonNode rule : profile.path("syscalls")) {
            if (!applies(rule, capabilities, goArch, kernelRelease)) {
                continue;
            }
            ObjectNode c = calls.addObject();
            ArrayNode names = c.putArray("names");
            rule.path("names").forEach(names::add);
            if (rule.path("name").isTextual()) {
                names.add(rule.path("name").asText());
            }
            c.put("action", rule.path("action").asText());
            if (rule.has("errnoRet")) {
                c.put("errnoRet", rule.path("errnoRet").asInt());
            }
            if (rule.path("args").isArray() && !rule.path("args").isEmpty()) {
                ArrayNode args = c.putArray("args");
                for (JsonNode a : rule.path("args")) {
                    args.addObject().put("index", a.path("index").asInt()).put("value", a.path("value").asLong())
                            .put("valueTwo", a.path("valueTwo").asLong()).put("op", a.path("op").asText());
                }
            }
        }
        return out;
    }

    private static boolean applies(JsonNode rule, List<String> caps, String goArch, String kernelRelease) {
        JsonNode inc = rule.path("includes");
        JsonNode exc = rule.path("excludes");
        for (JsonNode c : inc.path("caps")) {
            if (!caps.contains(c.asText())) {
                return false;
            }
        }
        if (!inc.path("arches").isEmpty() && !contains(inc.path("arches"), goArch)) {
            return false;
        }
        if (inc.path("minKernel").isTextual() && compareKernel(kernelRelease, inc.path("minKernel").asText()) < 0) {
            return false;
        }
        for (JsonNode c : exc.path("caps")) {
            if (caps.contains(c.asText())) {
                return false;
            }
        }
        return !contains(exc.path("arches"), goArch);
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (n.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** Compares "major.minor[...]" kernel versions numerically; the release's suffix (-amd64, ...) is ignored. */
    static int compareKernel(String release, String wanted) {
        int[] a = version(release);
        int[] b = version(wanted);
        return a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]);
    }

    private static int[] version(String s) {
        List<Integer> parts = new ArrayList<>();
        for (String p : s.split("[.-]")) {
            if (!p.chars().allMatch(Character::isDigit) || p.isEmpty() || parts.size() == 2) {
                break;
            }
            parts.add(Integer.parseInt(p));
        }
        while (parts.size() < 2) {
            parts.add(0);
        }
        return new int[] {parts.get(0), parts.get(1)};
    }

    /** The host architecture's libseccomp name; null for one peapod does not know. */
    static String scmpArch(String goArch) {
        return switch (goArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "SCMP_ARCH_X86_64";
            case "arm64", "aarch64" -> "SCMP_ARCH_AARCH64";
            case "386", "x86" -> "SCMP_ARCH_X86";
            case "ppc64le" -> "SCMP_ARCH_PPC64LE";
            case "s390x" -> "SCMP_ARCH_S390X";
            case "riscv64" -> "SCMP_ARCH_RISCV64";
            default -> null;
        };
    }

    /** Java's {@code os.arch} as Go names it. */
    static String goArch() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> a;
        };
    }
}
