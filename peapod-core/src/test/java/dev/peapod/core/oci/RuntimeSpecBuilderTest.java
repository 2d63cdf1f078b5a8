package dev.peapod.core.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.container.ContainerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeSpecBuilderTest {
    @TempDir
    Path tmp;
    Path rootfs;
    final RuntimeSpecBuilder v1 = new RuntimeSpecBuilder(false, Map.of(
            "RLIMIT_NOFILE", new RuntimeSpecBuilder.HostLimit(20_000, 20_000),
            "RLIMIT_NPROC", new RuntimeSpecBuilder.HostLimit(96_365, Long.MAX_VALUE)));

    @BeforeEach
    void rootfs() throws Exception {
        rootfs = Files.createDirectories(tmp.resolve("rootfs/etc"));
        Files.writeString(rootfs.resolve("passwd"), """
                root:x:0:0:root:/root:/bin/sh
                # comment
                www:x:33:34:web:/var/www:/bin/false
                nobody:x:65534:65534:nobody:/nonexistent:/bin/false
                """);
        Files.writeString(rootfs.resolve("group"), """
                root:x:0:
                data:x:34:
                audio:x:29:www,other
                video:x:44:www
                nogroup:x:65534:
                """);
        rootfs = rootfs.getParent();
    }

    private OciRuntime.CreateRequest request(ContainerConfig c, Map<String, String> ns, Map<String, String> mounts) {
        return new OciRuntime.CreateRequest(c, rootfs, tmp, "/peapod/" + c.id(), ns, mounts, "");
    }

    private JsonNode spec(ContainerConfig c) {
        return v1.build(request(c, Map.of(), Map.of()));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void processArgsEnvCwdAndDefaults() {
        ContainerConfig c = ContainerConfig.builder().entrypoint(List.of("/bin/sh", "-c")).command("echo hi")
                .env(List.of("A=image", "C=3", "A=config", "B=2")).workingDir("/work").hostname("box").build();
        JsonNode s = v1.build(request(c, Map.of(), Map.of()));
        assertThat(s.get("ociVersion").asText()).isEqualTo("1.0.2-dev");
        JsonNode p = s.get("process");
        assertThat(texts(p.get("args"))).containsExactly("/bin/sh", "-c", "echo hi");
        assertThat(texts(p.get("env"))).containsSubsequence("C=3", "A=config", "B=2")
                .contains("PATH=" + RuntimeSpecBuilder.DEFAULT_PATH, "HOSTNAME=box", "HOME=/root")
                .doesNotContain("A=image");
        assertThat(p.get("cwd").asText()).isEqualTo("/work");
        assertThat(p.get("terminal").asBoolean()).isFalse();
        assertThat(p.get("noNewPrivileges").asBoolean()).isFalse();
        assertThat(p.get("user").get("uid").asInt()).isZero();
        // podman 4.3's default set (CapEff 0x800405fb): no NET_RAW, MKNOD or AUDIT_WRITE
        assertThat(texts(p.get("capabilities").get("bounding"))).containsExactly("CAP_CHOWN", "CAP_DAC_OVERRIDE",
                "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
                "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_SETFCAP");
        assertThat(texts(p.get("capabilities").get("effective"))).isEqualTo(texts(p.get("capabilities").get("bounding")));
        assertThat(s.get("hostname").asText()).isEqualTo("box");
        assertThat(s.get("root").get("path").asText()).isEqualTo(rootfs.toString());
        assertThat(s.get("root").get("readonly").asBoolean()).isFalse();
    }

    @Test
    void envCanSetPathAndCwdIsTheConfigs() {
        ContainerConfig c = ContainerConfig.builder().command("true").workingDir("/srv").env(List.of("PATH=/opt/bin"))
                .build();
        JsonNode s = v1.build(request(c, Map.of(), Map.of()));
        assertThat(texts(s.get("process").get("env"))).contains("PATH=/opt/bin")
                .noneMatch(e -> e.startsWith("PATH=/usr"));
        assertThat(s.get("process").get("cwd").asText()).isEqualTo("/srv");
        assertThat(spec(ContainerConfig.builder().command("true").build()).get("process").get("cwd").asText())
                .isEqualTo("/");
    }

    @Test
    void rlimitsAreClampedToTheHostHardLimit() {
        JsonNode r = spec(ContainerConfig.builder().command("true").build()).get("process").get("rlimits");
        assertThat(r).hasSize(2);
        assertThat(r.get(0).get("type").asText()).isEqualTo("RLIMIT_NOFILE");
        assertThat(r.get(0).get("hard").asLong()).isEqualTo(20_000);
        assertThat(r.get(0).get("soft").asLong()).isEqualTo(20_000);
        assertThat(r.get(1).get("type").asText()).isEqualTo("RLIMIT_NPROC");
        assertThat(r.get(1).get("hard").asLong()).isEqualTo(4_194_304);
    }

    @Test
    void parsesProcLimits() {
        var limits = RuntimeSpecBuilder.parseLimits("""
                Limit                     Soft Limit           Hard Limit           Units
                Max processes             96365                96365                processes
                Max open files            1024                 unlimited            files
                """);
        assertThat(limits.get("RLIMIT_NOFILE")).isEqualTo(new RuntimeSpecBuilder.HostLimit(1024, Long.MAX_VALUE));
        assertThat(limits.get("RLIMIT_NPROC")).isEqualTo(new RuntimeSpecBuilder.HostLimit(96365, 96365));
        assertThat(RuntimeSpecBuilder.forHost().build(new OciRuntime.CreateRequest(
                ContainerConfig.builder().command("true").build(), rootfs, tmp, "", Map.of(), Map.of(), "")).get("process").get("rlimits")).isNotEmpty();
    }

    @Test
    void usersResolveAgainstTheRootfs() {
        assertThat(RuntimeSpecBuilder.resolveUser(rootfs, "www"))
                .isEqualTo(new RuntimeSpecBuilder.ResolvedUser(33, 34, List.of(29, 44), "/var/www"));
        assertThat(RuntimeSpecBuilder.resolveUser(rootfs, "www:audio"))
                .isEqualTo(new RuntimeSpecBuilder.ResolvedUser(33, 29, List.of(), "/var/www"));
        assertThat(RuntimeSpecBuilder.resolveUser(rootfs, "1234:5"))
                .isEqualTo(new RuntimeSpecBuilder.ResolvedUser(1234, 5, List.of(), "/"));
        assertThat(RuntimeSpecBuilder.resolveUser(rootfs, "65534"))
                .isEqualTo(new RuntimeSpecBuilder.ResolvedUser(65534, 65534, List.of(), "/nonexistent"));
        assertThat(RuntimeSpecBuilder.resolveUser(rootfs, ""))
                .isEqualTo(new RuntimeSpecBuilder.ResolvedUser(0, 0, List.of(), "/root"));
        assertThatThrownBy(() -> RuntimeSpecBuilder.resolveUser(rootfs, "ghost"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("\"ghost\"");
        assertThatThrownBy(() -> RuntimeSpecBuilder.resolveUser(rootfs, "www:ghosts"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("\"ghosts\"");
        assertThat(RuntimeSpecBuilder.resolveUser(tmp.resolve("empty"), "7")).isEqualTo(
                new RuntimeSpecBuilder.ResolvedUser(7, 0, List.of(), "/"));
    }

    @Test
    void userResolvesInTheRootfs() {
        ContainerConfig c = ContainerConfig.builder().command("true").user("www").build();
        JsonNode u = v1.build(request(c, Map.of(), Map.of())).get("process").get("user");
        assertThat(u.get("uid").asInt()).isEqualTo(33);
        assertThat(texts(u.get("additionalGids"))).containsExactly("29", "44");
        ContainerConfig c2 = ContainerConfig.builder().command("true").user("nobody").build();
        JsonNode u2 = v1.build(request(c2, Map.of(), Map.of())).get("process").get("user");
        assertThat(u2.get("uid").asInt()).isEqualTo(65534);
    }

    @Test
    void mountsHaveTheStandardSetThenBinds() {
        ContainerConfig c = ContainerConfig.builder().command("true").build();
        JsonNode s = v1.build(request(c, Map.of(), Map.of("/etc/resolv.conf", "/run/x/resolv.conf",
                "/etc/hosts", "/run/x/hosts")));
        List<String> dests = new ArrayList<>();
        s.get("mounts").forEach(m -> dests.add(m.get("destination").asText()));
        assertThat(dests).containsExactly("/proc", "/dev", "/sys", "/dev/pts", "/dev/shm", "/dev/mqueue",
                "/sys/fs/cgroup", "/etc/hosts", "/etc/resolv.conf");
        JsonNode sys = s.get("mounts").get(2);
        assertThat(sys.get("type").asText()).isEqualTo("sysfs");
        assertThat(texts(sys.get("options"))).contains("ro");
        assertThat(texts(s.get("mounts").get(6).get("options"))).contains("ro");
        JsonNode hosts = s.get("mounts").get(7);
        assertThat(hosts.get("type").asText()).isEqualTo("bind");
        assertThat(hosts.get("source").asText()).isEqualTo("/run/x/hosts");
        assertThat(texts(hosts.get("options"))).containsExactly("bind", "rprivate");
    }

    @Test
    void relativeBindIsRefused() {
        ContainerConfig c = ContainerConfig.builder().command("true").build();
        assertThatThrownBy(() -> v1.build(request(c, Map.of(), Map.of("etc/hosts", "/x"))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("absolute");
    }

    @Test
    void namespacesAreCreatedOrJoined() {
        ContainerConfig c = ContainerConfig.builder().command("true").hostname("h").build();
        JsonNode own = spec(c).get("linux").get("namespaces");
        List<String> kinds = new ArrayList<>();
        own.forEach(n -> {
            kinds.add(n.get("type").asText());
            assertThat(n.has("path")).isFalse();
        });
        assertThat(kinds).containsExactly("pid", "network", "ipc", "uts", "mount");

        JsonNode joined = v1.build(request(c, Map.of("net", "/proc/42/ns/net", "uts", "/proc/42/ns/uts",
                "ipc", "host"), Map.of()));
        List<String> seen = new ArrayList<>();
        joined.get("linux").get("namespaces").forEach(n -> seen.add(n.get("type").asText()
                + (n.has("path") ? "=" + n.get("path").asText() : "")));
        assertThat(seen).containsExactly("pid", "network=/proc/42/ns/net", "uts=/proc/42/ns/uts", "mount");
        assertThat(joined.has("hostname")).as("no hostname in a joined uts namespace").isFalse();

        RuntimeSpecBuilder v2 = new RuntimeSpecBuilder(true, Map.of());
        List<String> v2kinds = new ArrayList<>();
        v2.build(request(c, Map.of(), Map.of())).get("linux").get("namespaces")
                .forEach(n -> v2kinds.add(n.get("type").asText()));
        assertThat(v2kinds).contains("cgroup");
        assertThat(v2.build(request(c, Map.of(), Map.of())).get("process").get("rlimits"))
                .isEmpty();

        assertThatThrownBy(() -> v1.build(request(c, Map.of("time", "/proc/1/ns/time"), Map.of()))).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("time");
        assertThatThrownBy(() -> v1.build(request(c, Map.of("net", "proc/1/ns/net"), Map.of()))).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("absolute");
    }

    @Test
    void hostNetworkBindsSys() {
        ContainerConfig c = ContainerConfig.builder().command("true").build();
        JsonNode s = v1.build(request(c, Map.of("network", "host"), Map.of()));
        JsonNode sys = s.get("mounts").get(2);
        assertThat(sys.get("type").asText()).isEqualTo("bind");
        assertThat(texts(sys.get("options"))).contains("rbind", "ro");
    }

    @Test
    void linuxSectionHasPodmanDefaults() {
        ContainerConfig c = ContainerConfig.builder().command("true").build();
        JsonNode linux = spec(c).get("linux");
        assertThat(linux.get("cgroupsPath").asText()).isEqualTo("/peapod/" + c.id());
        assertThat(texts(linux.get("maskedPaths"))).contains("/proc/kcore", "/sys/firmware");
        assertThat(texts(linux.get("readonlyPaths"))).contains("/proc/sys", "/proc/sysrq-trigger");
        List<String> devs = new ArrayList<>();
        linux.get("devices").forEach(d -> devs.add(d.get("path").asText() + " " + d.get("major").asInt() + ":"
                + d.get("minor").asInt()));
        assertThat(devs).containsExactly("/dev/null 1:3", "/dev/zero 1:5", "/dev/full 1:7", "/dev/random 1:8",
                "/dev/urandom 1:9", "/dev/tty 5:0");
        JsonNode rules = linux.get("resources").get("devices");
        assertThat(rules.get(0).get("allow").asBoolean()).isFalse();
        assertThat(rules.get(0).get("access").asText()).isEqualTo("rwm");
        assertThat(rules.get(1).get("allow").asBoolean()).isTrue();
    }

    @Test
    void emptyCommandIsRefused() {
        assertThatThrownBy(() -> spec(ContainerConfig.builder().build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("no command");
    }

    @Test
    void writeProducesReadableJson() throws Exception {
        ContainerConfig c = ContainerConfig.builder().command("true").build();
        Path file = v1.write(request(c, Map.of(), Map.of()));
        assertThat(file).isEqualTo(tmp.resolve("config.json"));
        assertThat(new ObjectMapper().readTree(file.toFile()).get("process").get("args").get(0).asText())
                .isEqualTo("true");
    }
}
