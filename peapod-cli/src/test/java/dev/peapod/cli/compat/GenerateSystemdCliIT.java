package dev.peapod.cli.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import dev.peapod.cli.CliStore;
import dev.peapod.core.sys.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code generate systemd} beside podman 4.3.1's units (same sections, keys and order), on real parts: the units'
 * command lines are run as systemd would run them (%t and %n filled in), through this peapod, and the files pass
 * {@code systemd-analyze verify} where it is installed.
 */
class GenerateSystemdCliIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("gensd-it");

    /** The unit's {@code key=} lines, continuation lines joined. */
    private static List<String> values(String unit, String key) {
        return unit.replaceAll(" *\\\\\n\t", " ").lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(
                key.length() + 1)).toList();
    }

    /** Runs one Exec line through this peapod, as systemd would (the launcher and the store options dropped). */
    private Cli.Result exec(String line, Path runtimeDir, String unitName) {
        List<String> words = new ArrayList<>(Arrays.asList(line.replace("%t", runtimeDir.toString())
                .replace("%n", unitName).trim().split(" +")));
        assertThat(words.getFirst()).endsWith("peapod");
        assertThat(words.subList(1, 5)).containsExactly("--root", cli.dir().resolve("root").toString(),
                "--runroot", cli.dir().resolve("run").toString());
        return cli.run(words.subList(5, words.size()).toArray(String[]::new));
    }

    private void verify(Path unit) {
        if (Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))) {
            ProcessRunner.Result r = ProcessRunner.system().run(List.of("/usr/bin/systemd-analyze", "verify",
                    unit.toString()), Duration.ofSeconds(60));
            assertThat(r.exitCode()).as(unit + ": " + r.stderr()).isZero();
        }
    }

    @Test
    void aContainersUnitStartsAndStopsItAsPodmansDoes() throws Exception {
        cli.ok("create", "--name", "web", "--network", "none", "busybox", "sleep", "300");
        String unit = cli.ok("generate", "systemd", "--name", "web");
        assertThat(unit.lines().toList().getFirst()).isEqualTo("# container-web.service");
        assertThat(unit.lines().filter(l -> l.startsWith("[")).toList()).containsExactly("[Unit]", "[Service]",
                "[Install]");
        assertThat(unit.lines().map(l -> l.split("=")[0]).filter(k -> !k.startsWith("#") && !k.startsWith("\t")
                && !k.isEmpty() && !k.startsWith("[")).toList()).containsExactly("Description", "Documentation",
                "Wants", "After", "RequiresMountsFor", "Environment", "Restart", "TimeoutStopSec", "ExecStart",
                "ExecStop", "ExecStopPost", "PIDFile", "Type", "WantedBy");
        assertThat(values(unit, "Restart")).containsExactly("on-failure");
        assertThat(values(unit, "TimeoutStopSec")).containsExactly("70");
        assertThat(values(unit, "Type")).containsExactly("forking");
        Path files = Files.createDirectory(cli.dir().resolve("units"));
        Path runtimeDir = Files.createDirectory(cli.dir().resolve("rt"));
        String written = cli.run(List.of("generate", "systemd", "--name", "--files", "web").toArray(String[]::new))
                .out();
        assertThat(written).endsWith("container-web.service\n");
        Path file = Path.of(written.strip());
        assertThat(Files.readString(file).lines().skip(3).toList()).isEqualTo(unit.lines().skip(3).toList());
        Files.move(file, files.resolve(file.getFileName()));
        verify(files.resolve("container-web.service"));
        assertThat(exec(values(unit, "ExecStart").getFirst(), runtimeDir, "container-web.service").code()).isZero();
        long conmon = Long.parseLong(Files.readString(Path.of(values(unit, "PIDFile").getFirst())).strip());
        assertThat(ProcessHandle.of(conmon).flatMap(p -> p.info().command()).orElse("")).endsWith("conmon");
        assertThat(exec(values(unit, "ExecStop").getFirst(), runtimeDir, "container-web.service").code()).isZero();
        assertThat(cli.ok("ps", "-a", "--format", "{{.Names}} {{.State}}")).isEqualTo("web exited\n");
    }

    @Test
    void newUnitsCreateTheContainerAndRemoveItWithTheirOwnNames() throws Exception {
        cli.ok("create", "--name", "svc", "--network", "none", "-e", "A=1", "--rm", "busybox", "sleep", "300");
        String unit = cli.ok("generate", "systemd", "--new", "--container-prefix", "c", "--separator", "_",
                "--restart-policy", "always", "--time", "5", "svc");
        assertThat(unit.lines().toList().getFirst()).matches("# c_[0-9a-f]{64}\\.service");
        assertThat(values(unit, "Restart")).containsExactly("always");
        assertThat(values(unit, "TimeoutStopSec")).containsExactly("65");
        String start = values(unit, "ExecStart").getFirst();
        assertThat(start).endsWith(" run --cidfile=%t/%n.ctr-id --conmon-pidfile=%t/%n.pid --rm -d --replace "
                + "--name svc --network none -e A=1 busybox sleep 300");
        cli.ok("rm", "svc");
        Path runtimeDir = Files.createDirectory(cli.dir().resolve("rt"));
        String name = "c_svc.service";
        Cli.Result started = exec(start, runtimeDir, name);
        assertThat(started.code()).as(started.err()).isZero();
        String id = Files.readString(runtimeDir.resolve(name + ".ctr-id")).strip();
        assertThat(cli.ok("inspect", "--format", "{{.State.Status}} {{.Config.Env}}", id)).startsWith("running")
                .contains("A=1");
        long conmon = Long.parseLong(Files.readString(runtimeDir.resolve(name + ".pid")).strip());
        assertThat(ProcessHandle.of(conmon).isPresent()).isTrue();
        assertThat(exec(values(unit, "ExecStop").getFirst(), runtimeDir, name).code()).isZero();
        assertThat(exec(values(unit, "ExecStopPost").getFirst(), runtimeDir, name).code()).isZero();
        assertThat(cli.ok("ps", "-a", "-q")).isEmpty();
        assertThat(exec(values(unit, "ExecStopPost").getFirst(), runtimeDir, name).code())
                .as("--ignore: nothing left to remove is no failure").isZero();
        Cli.Result missing = cli.run("stop", "--cidfile", runtimeDir.resolve("nosuch").toString());
        assertThat(missing.code()).isEqualTo(125);
        assertThat(missing.err()).contains("nosuch");
    }

    @Test
    void aPodsUnitsBindItsMembersAndNewOnesMakeThePod() throws Exception {
        cli.ok("pod", "create", "--name", "p1", "--network", "none");
        cli.ok("create", "--pod", "p1", "--name", "m1", "busybox", "sleep", "300");
        Path dir = Files.createDirectory(cli.dir().resolve("units"));
        List<String> written = cli.ok("generate", "systemd", "--name", "--files", "p1").lines().toList();
        assertThat(written).hasSize(2);
        assertThat(written.get(0)).endsWith("/pod-p1.service");
        assertThat(written.get(1)).endsWith("/container-m1.service");
        for (String f : written) {
            Files.move(Path.of(f), dir.resolve(Path.of(f).getFileName()));
        }
        String pod = Files.readString(dir.resolve("pod-p1.service"));
        String member = Files.readString(dir.resolve("container-m1.service"));
        assertThat(values(pod, "Wants")).containsExactly("network-online.target", "container-m1.service");
        assertThat(values(pod, "Before")).containsExactly("container-m1.service");
        assertThat(values(member, "BindsTo")).containsExactly("pod-p1.service");
        assertThat(values(member, "After")).containsExactly("network-online.target", "pod-p1.service");
        verify(dir.resolve("pod-p1.service"));
        verify(dir.resolve("container-m1.service"));
        Path runtimeDir = Files.createDirectory(cli.dir().resolve("rt"));
        assertThat(exec(values(pod, "ExecStart").getFirst(), runtimeDir, "pod-p1.service").code()).isZero();
        assertThat(exec(values(member, "ExecStart").getFirst(), runtimeDir, "container-m1.service").code()).isZero();
        assertThat(cli.ok("pod", "ps", "--format", "{{.Status}}")).isEqualTo("Running\n");

        String newPod = cli.ok("generate", "systemd", "--new", "--name", "--pod-prefix", "pp", "p1");
        cli.ok("pod", "rm", "-f", "-t", "0", "p1");
        List<String> pre = values(newPod, "ExecStartPre");
        assertThat(pre).hasSize(3); // the pod's two, then the member's rm
        assertThat(pre.get(1)).contains(" pod create --infra-conmon-pidfile %t/pp-p1.pid --pod-id-file "
                + "%t/pp-p1.pod-id --exit-policy=stop --name p1 --replace");
        Cli.Result made = exec(pre.get(1), runtimeDir, "pp-p1.service");
        assertThat(made.code()).as(made.err()).isZero();
        assertThat(exec(values(newPod, "ExecStart").getFirst(), runtimeDir, "pp-p1.service").code()).isZero();
        long conmon = Long.parseLong(Files.readString(runtimeDir.resolve("pp-p1.pid")).strip());
        assertThat(ProcessHandle.of(conmon).isPresent()).isTrue();
        String memberStart = values(newPod, "ExecStart").get(1);
        assertThat(memberStart).contains("--pod-id-file %t/pp-p1.pod-id");
        Cli.Result joined = exec(memberStart, runtimeDir, "container-m1.service");
        assertThat(joined.code()).as(joined.err()).isZero();
        assertThat(cli.ok("ps", "--format", "{{.Names}} {{.PodName}}")).contains("m1 p1");
        assertThat(exec(values(newPod, "ExecStop").getFirst(), runtimeDir, "pp-p1.service").code()).isZero();
        assertThat(exec(values(newPod, "ExecStopPost").getFirst(), runtimeDir, "pp-p1.service").code()).isZero();
        assertThat(cli.ok("pod", "ps", "-q")).isEmpty();
    }
}
