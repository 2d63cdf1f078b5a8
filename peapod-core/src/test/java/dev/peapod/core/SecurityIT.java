package dev.peapod.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.config.ContainersConf;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.SecurityConfig;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.container.KubeLogReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security defaults on real runc: podman 4.3's capability set, the host's containers-common seccomp profile, and
 * what {@code --cap-add}, {@code --cap-drop}, {@code --privileged}, {@code seccomp=} and no-new-privileges change,
 * read from inside the container ({@code /proc/self/status}) and by a static probe that makes a filtered call.
 */
class SecurityIT {
    @TempDir
    static Path shared;
    static Path probe;

    @RegisterExtension
    final RuntimeStore store = RuntimeStore.named("sec-it");
    Runtime rt;

    @BeforeAll
    static void buildProbe() throws Exception {
        Path src = shared.resolve("probe.c");
        try (InputStream in = SecurityIT.class.getResourceAsStream("seccomp-probe.c")) {
            Files.copy(in, src);
        }
        probe = shared.resolve("probe");
        Process cc = new ProcessBuilder("cc", "-static", "-O2", "-o", probe.toString(), src.toString())
                .redirectErrorStream(true).start();
        String out = new String(cc.getInputStream().readAllBytes());
        assertThat(cc.waitFor(120, TimeUnit.SECONDS)).as("cc finished").isTrue();
        assertThat(cc.exitValue()).as("cc -static (gcc and libc6-dev are installed by scripts/setup-host): " + out)
                .isZero();
    }

    @BeforeEach
    void open() {
        rt = store.runtime();
    }

    /** Runs the probe and the status lines in a busybox container with these settings; returns its output. */
    private String run(SecurityConfig sec, String script) throws IOException {
        return runAs("", sec, script);
    }

    private String runAs(String user, SecurityConfig sec, String script) throws IOException {
        Container c = rt.createContainer(ContainerConfig.builder().image("busybox").security(sec).user(user)
                .command(List.of("sh", "-c", script)).stopTimeout(1).build());
        c.init();
        Path rootfs = Path.of(c.refresh().mountPoint());
        Files.copy(probe, rootfs.resolve("probe"), StandardCopyOption.REPLACE_EXISTING);
        c.start();
        assertThat(c.waitForExit(Duration.ofSeconds(60))).as("exit code").isZero();
        String log = new KubeLogReader(c.logPath()).read(KubeLogReader.Options.all()).stream()
                .map(KubeLogReader.Line::text).collect(Collectors.joining("\n"));
        rt.removeContainer(c, true, 0);
        return log;
    }

    private static final String STATUS = "grep -E '^(CapEff|CapBnd|Seccomp|NoNewPrivs):' /proc/self/status; /probe";

    private static SecurityConfig sec(boolean privileged, List<String> add, List<String> drop, String seccomp,
            boolean nnp) {
        return new SecurityConfig(privileged, add, drop, seccomp, nnp, List.of());
    }

    @Test
    void aDefaultContainerHasPodmansCapabilitiesAndTheSeccompFilter() throws IOException {
        String out = run(SecurityConfig.DEFAULT, STATUS);
        assertThat(out).contains("CapEff:\t00000000800405fb", "CapBnd:\t00000000800405fb", "Seccomp:\t2",
                "NoNewPrivs:\t0", "vmsplice=EPERM");
    }

    @Test
    void unconfinedHasNoFilterAndTheKernelAnswersTheCall() throws IOException {
        String out = run(sec(false, List.of(), List.of(), "unconfined", false), STATUS);
        assertThat(out).contains("Seccomp:\t0", "vmsplice=EBADF", "CapEff:\t00000000800405fb");
    }

    @Test
    void capAddAndCapDropChangeTheSet() throws IOException {
        assertThat(run(sec(false, List.of("NET_RAW"), List.of(), "", false), STATUS))
                .contains("CapEff:\t00000000800425fb");
        assertThat(run(sec(false, List.of(), List.of("ALL"), "", false), STATUS))
                .contains("CapEff:\t0000000000000000", "vmsplice=EPERM");
        assertThat(run(sec(false, List.of("SYS_ADMIN"), List.of("ALL"), "", false), STATUS))
                .contains("CapEff:\t0000000000200000");
    }

    @Test
    void aUserOtherThanRootHoldsOnlyTheCapabilitiesAddedForIt() throws IOException {
        String caps = "grep -E '^(CapEff|CapBnd):' /proc/self/status";
        assertThat(runAs("1000", SecurityConfig.DEFAULT, caps))
                .as("as podman 4.3: no effective capabilities, the default set kept as the bounding set")
                .contains("CapEff:\t0000000000000000", "CapBnd:\t00000000800405fb");
        assertThat(runAs("1000", sec(false, List.of("NET_BIND_SERVICE"), List.of(), "", false), caps))
                .contains("CapEff:\t0000000000000400");
    }

    @Test
    void privilegedHasEveryCapabilityTheHostsDevicesAndNoFilter() throws IOException {
        String device = Files.list(Path.of("/sys/block")).map(p -> p.getFileName().toString())
                .filter(n -> Files.exists(Path.of("/dev", n))).sorted().findFirst().orElseThrow();
        // all the engine itself holds: its bounding set (this machine's sandbox holds back CAP_SYS_RESOURCE)
        String mask = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("CapBnd:"))
                .findFirst().orElseThrow().substring(7).strip();
        String out = run(sec(true, List.of(), List.of(), "", false),
                STATUS + "; [ -b /dev/" + device + " ] && echo has-" + device + "; grep -c . /proc/self/mounts >/dev/null");
        assertThat(out).contains("CapEff:\t" + mask, "Seccomp:\t0", "vmsplice=EBADF", "has-" + device);
        // inspect's CapDrop names what the host withholds, as podman 4.3.1's does for --privileged
        long bounding = Long.parseUnsignedLong(mask, 16);
        List<String> withheld = new java.util.ArrayList<>();
        for (int bit = 0; bit < SecurityConfig.ALL_CAPABILITIES.size(); bit++) {
            if ((bounding & (1L << bit)) == 0) {
                withheld.add(SecurityConfig.ALL_CAPABILITIES.get(bit));
            }
        }
        Container shown = rt.createContainer(ContainerConfig.builder().image("busybox")
                .security(sec(true, List.of(), List.of(), "", false)).command(List.of("true")).build());
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> host = (java.util.Map<String, Object>) dev.peapod.core.inspect.ContainerInspect
                .of(shown, rt.options()).get("HostConfig");
        assertThat(host.get("CapDrop")).isEqualTo(withheld.stream().sorted().toList());
        assertThat(host.get("CapAdd")).isEqualTo(List.of());
        String plain = run(SecurityConfig.DEFAULT, "[ -e /dev/" + device + " ] && echo has-" + device + "; echo done");
        assertThat(plain).contains("done").doesNotContain("has-" + device);
    }

    @Test
    void aProfileFileAndNoNewPrivilegesApply() throws IOException {
        Path profile = store.dir().resolve("eacces.json");
        Files.writeString(profile, """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"names": ["vmsplice"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}""");
        String out = run(sec(false, List.of(), List.of(), profile.toString(), true), STATUS);
        assertThat(out).contains("Seccomp:\t2", "NoNewPrivs:\t1", "vmsplice=EACCES");
    }

    @Test
    void aBadProfileIsRefusedWhenTheContainerIsMadeReadyToRun() throws IOException {
        Path bad = store.dir().resolve("bad.json");
        Files.writeString(bad, "{}");
        Container c = rt.createContainer(ContainerConfig.builder().image("busybox")
                .security(sec(false, List.of(), List.of(), bad.toString(), false)).command(List.of("true")).build());
        assertThatThrownBy(c::start).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining(bad.toString());
        assertThat(rt.container(c.id()).refresh().state().displayName()).isEqualTo("created");
    }

    @Test
    void containersConfSetsTheDefaultProfileAndAnExplicitOneStillWins() throws Exception {
        Path profile = store.dir().resolve("conf-eacces.json");
        Files.writeString(profile, """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"names": ["vmsplice"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}""");
        rt.close();
        rt = store.use(Runtime.builder().options(store.options())
                .containersConf(new ContainersConf(profile.toString(), "p", 2048, "65536k", List.of())).build());
        assertThat(rt.hostSecurity().seccompProfilePath()).isEqualTo(profile.toString());
        assertThat(run(SecurityConfig.DEFAULT, STATUS)).contains("Seccomp:\t2", "vmsplice=EACCES");
        assertThat(run(sec(false, List.of(), List.of(), "unconfined", false), STATUS))
                .contains("Seccomp:\t0", "vmsplice=EBADF");
        Container c = rt.createContainer(ContainerConfig.builder().image("busybox").command(List.of("true")).build());
        assertThat(c.seccompProfilePath()).isEqualTo(profile.toString());
    }
}
