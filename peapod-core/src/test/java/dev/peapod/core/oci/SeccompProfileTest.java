package dev.peapod.core.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.core.container.SecurityConfig;
import dev.peapod.core.define.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeccompProfileTest {
    @TempDir
    Path tmp;

    private static final List<String> DEFAULT_CAPS = SecurityConfig.DEFAULT.effectiveCapabilities((1L << 41) - 1);

    private Path profile(String json) throws IOException {
        Path p = tmp.resolve("p.json");
        Files.writeString(p, json);
        return p;
    }

    /** Names per action in the translated profile. */
    private static List<String> names(ObjectNode spec, String action) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : spec.get("syscalls")) {
            if (c.get("action").asText().equals(action)) {
                c.get("names").forEach(n -> out.add(n.asText()));
            }
        }
        return out;
    }

    @Test
    void rulesAreKeptByCapabilityArchitectureAndKernel() throws IOException {
        SeccompProfile p = SeccompProfile.load(profile("""
                {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38,
                 "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]},
                             {"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}],
                 "syscalls": [
                   {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW", "args": []},
                   {"names": ["setns"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
                   {"names": ["setns"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1, "excludes": {"caps": ["CAP_SYS_ADMIN"]}},
                   {"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64"]}},
                   {"names": ["sync_file_range2"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["ppc64le"]}},
                   {"names": ["ioprio_get"], "action": "SCMP_ACT_ALLOW", "excludes": {"arches": ["amd64"]}},
                   {"names": ["memfd_secret"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "5.14"}},
                   {"name": "personality", "action": "SCMP_ACT_ALLOW",
                    "args": [{"index": 0, "value": 8, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]}
                 ]}"""));
        ObjectNode s = p.toSpec(DEFAULT_CAPS, "amd64", "6.1.0-13-amd64");
        assertThat(s.get("defaultAction").asText()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(s.get("defaultErrnoRet").asInt()).isEqualTo(38);
        assertThat(s.get("architectures").toString())
                .isEqualTo("[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\",\"SCMP_ARCH_X32\"]");
        assertThat(names(s, "SCMP_ACT_ALLOW")).containsExactly("read", "write", "arch_prctl", "memfd_secret",
                "personality");
        assertThat(names(s, "SCMP_ACT_ERRNO")).containsExactly("setns");
        JsonNode personality = s.get("syscalls").get(4);
        assertThat(personality.get("args").get(0).get("value").asLong()).isEqualTo(8);
        assertThat(personality.get("args").get(0).get("op").asText()).isEqualTo("SCMP_CMP_EQ");

        List<String> admin = new ArrayList<>(DEFAULT_CAPS);
        admin.add("CAP_SYS_ADMIN");
        ObjectNode a = p.toSpec(admin, "amd64", "5.10.0");
        assertThat(names(a, "SCMP_ACT_ALLOW")).contains("setns").doesNotContain("memfd_secret");
        assertThat(names(a, "SCMP_ACT_ERRNO")).isEmpty();
        assertThat(p.toSpec(DEFAULT_CAPS, "arm64", "6.1").get("architectures").toString())
                .isEqualTo("[\"SCMP_ARCH_AARCH64\",\"SCMP_ARCH_ARM\"]");
    }

    @Test
    void kernelVersionsCompareNumerically() {
        assertThat(SeccompProfile.compareKernel("6.1.0-13-amd64", "5.14")).isPositive();
        assertThat(SeccompProfile.compareKernel("5.9", "5.14")).isNegative();
        assertThat(SeccompProfile.compareKernel("5.14.2", "5.14")).isZero();
    }

    @Test
    void theBuiltInProfileRefusesWhatContainersCommonRefusesByName() {
        SeccompProfile b = SeccompProfile.builtin();
        assertThat(b.source()).isEqualTo(SeccompProfile.BUILTIN);
        ObjectNode s = b.toSpec(DEFAULT_CAPS, "amd64", "6.1");
        assertThat(s.get("defaultAction").asText()).isEqualTo("SCMP_ACT_ALLOW");
        assertThat(names(s, "SCMP_ACT_ERRNO")).contains("vmsplice", "userfaultfd", "kexec_load", "setns",
                "bpf", "init_module", "iopl").doesNotContain("chroot");
        List<String> admin = new ArrayList<>(DEFAULT_CAPS);
        admin.add("CAP_SYS_ADMIN");
        assertThat(names(b.toSpec(admin, "amd64", "6.1"), "SCMP_ACT_ERRNO")).doesNotContain("setns", "bpf")
                .contains("vmsplice");
    }

    @Test
    void theHostsContainersCommonProfileTranslatesWhereInstalled() {
        Path host = SeccompProfile.HOST_PROFILES.stream().filter(Files::isRegularFile).findFirst().orElse(null);
        SeccompProfile p = SeccompProfile.hostDefault();
        if (host == null) {
            assertThat(p.source()).isEqualTo(SeccompProfile.BUILTIN);
            return;
        }
        assertThat(p.source()).isEqualTo(host.toString());
        ObjectNode s = p.toSpec(DEFAULT_CAPS, "amd64", "6.1");
        assertThat(names(s, "SCMP_ACT_ALLOW")).contains("read", "write", "execve").doesNotContain("vmsplice");
        assertThat(names(s, "SCMP_ACT_ERRNO")).contains("vmsplice");
    }

    @Test
    void aFileThatIsNotAProfileIsRefusedWithItsPath() throws IOException {
        Path bad = profile("{\"syscalls\": []}");
        assertThatThrownBy(() -> SeccompProfile.load(bad)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining(bad.toString()).hasMessageContaining("defaultAction");
        assertThatThrownBy(() -> SeccompProfile.load(tmp.resolve("missing.json")))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("missing.json");
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{not json");
        assertThatThrownBy(() -> SeccompProfile.load(broken)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("broken.json");
    }
}
