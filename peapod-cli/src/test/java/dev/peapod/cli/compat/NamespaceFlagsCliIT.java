package dev.peapod.cli.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import dev.peapod.cli.CliStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --init}, {@code --init-path}, {@code --ipc}, {@code --uts}, {@code --cgroupns} and {@code --read-only-tmpfs}
 * on real parts (runc under conmon, namespaces, catatonit), each compared with what podman 4.3.1 gave for the same
 * command line on this machine.
 */
class NamespaceFlagsCliIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("nsflags-it");

    @Test
    void initRunsCatatonitAsPidOne() {
        // podman 4.3.1: "1 podman-init", then the command
        List<String> ps = cli.ok("run", "--rm", "--network", "none", "--init", "busybox", "ps", "-o", "pid,comm")
                .lines().map(String::strip).toList();
        assertThat(ps).contains("1 podman-init");
        cli.ok("create", "--name", "i", "--network", "none", "--init", "busybox", "sleep", "5");
        assertThat(cli.ok("inspect", "--format", "{{.Path}} {{.Args}} {{.HostConfig.Init}} "
                + "{{index .Config.Annotations \"io.podman.annotations.init\"}}", "i"))
                .isEqualTo("/run/podman-init [-- sleep 5] true TRUE\n");
        Cli.Result missing = cli.run("create", "--init", "--init-path", "/nonexistent/init", "busybox", "true");
        assertThat(missing.code()).isEqualTo(125);
        assertThat(missing.err()).isEqualTo("Error: container-init binary not found on the host: stat "
                + "/nonexistent/init: no such file or directory\n");
    }

    @Test
    void ipcUtsAndCgroupNamespaceModes() throws Exception {
        String hostIpc = Files.readSymbolicLink(Path.of("/proc/self/ns/ipc")).toString();
        String hostUts = Files.readSymbolicLink(Path.of("/proc/self/ns/uts")).toString();
        String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        String out = cli.ok("run", "--rm", "--network", "none", "--ipc", "host", "--uts", "host", "busybox", "sh",
                "-c", "readlink /proc/self/ns/ipc; readlink /proc/self/ns/uts; hostname");
        assertThat(out.lines().toList()).containsExactly(hostIpc, hostUts, hostname);
        String own = cli.ok("run", "--rm", "--network", "none", "--ipc", "private", "--uts", "private", "busybox",
                "sh", "-c", "readlink /proc/self/ns/ipc; readlink /proc/self/ns/uts");
        assertThat(own.lines().toList()).doesNotContain(hostIpc, hostUts);
        // podman 4.3.1: --ipc none has no /dev/shm at all
        assertThat(cli.run("run", "--rm", "--network", "none", "--ipc", "none", "busybox", "ls", "-d", "/dev/shm")
                .code()).isEqualTo(1);
        // podman 4.3.1 on cgroup v1: the paths in /proc/self/cgroup are "/" in a cgroup namespace of its own
        String cg = cli.ok("run", "--rm", "--network", "none", "--cgroupns", "private", "busybox", "cat",
                "/proc/self/cgroup");
        assertThat(cg.lines().filter(l -> l.contains(":pids:")).toList()).singleElement().asString().endsWith(":pids:/");
        assertThat(cli.ok("run", "--rm", "--network", "none", "--cgroupns", "host", "busybox", "cat",
                "/proc/self/cgroup")).doesNotContain(":pids:/\n");

        // --ipc shareable: a /dev/shm another container joins with --ipc container:NAME
        cli.ok("run", "-d", "--name", "owner", "--network", "none", "--ipc", "shareable", "busybox", "sleep", "300");
        cli.ok("exec", "owner", "sh", "-c", "echo hi > /dev/shm/note");
        assertThat(cli.ok("run", "--rm", "--network", "none", "--ipc", "container:owner", "busybox", "cat",
                "/dev/shm/note")).isEqualTo("hi\n");
        cli.ok("run", "-d", "--name", "private", "--network", "none", "busybox", "sleep", "300");
        Cli.Result refused = cli.run("run", "--rm", "--network", "none", "--ipc", "container:private", "busybox",
                "true");
        assertThat(refused.code()).isEqualTo(125);
        assertThat(refused.err()).isEqualTo("Error: joining IPC of container " + cli.ok("inspect", "--format",
                "{{.Id}}", "private").strip() + " is not allowed: non-shareable IPC (hint: use IpcMode:shareable for "
                + "the donor container)\n");
        assertThat(cli.ok("inspect", "--format", "{{.HostConfig.UTSMode}} {{.HostConfig.CgroupMode}}", "owner"))
                .isEqualTo("private host\n");

        for (String[] bad : new String[][] {{"--ipc", "bogus"}, {"--uts", "none"}, {"--cgroupns", "bogus"}}) {
            Cli.Result r = cli.run("create", bad[0], bad[1], "busybox", "true");
            assertThat(r.code()).isEqualTo(125);
            assertThat(r.err()).isEqualTo("Error: unrecognized namespace mode " + bad[1] + " passed\n");
        }
    }

    @Test
    void deviceNodesAndCgroupRules() {
        // podman 4.3.1: "crw-rw-rw- ... 1, 5 ... /dev/myzero", readable
        String out = cli.ok("run", "--rm", "--network", "none", "--device", "/dev/zero:/dev/myzero:r", "busybox", "sh",
                "-c", "ls -l /dev/myzero; head -c 3 /dev/myzero | wc -c");
        assertThat(out.lines().toList().getFirst()).startsWith("crw-rw-rw-").contains("1,   5").endsWith("/dev/myzero");
        assertThat(out.lines().toList().getLast().strip()).isEqualTo("3");
        // the device cgroup (v1's devices.list) holds the rule and the device's entry
        String list = cli.ok("run", "--rm", "--network", "none", "--device-cgroup-rule", "c 42:* rwm", "--device",
                "/dev/zero:/dev/myzero:r", "busybox", "cat", "/sys/fs/cgroup/devices/devices.list");
        if (Files.exists(Path.of("/sys/fs/cgroup/devices"))) {
            assertThat(list.lines().toList()).contains("c 42:* rwm", "c 1:5 rwm");
        }
        cli.ok("create", "--name", "dv", "--device", "/dev/zero:/dev/myzero:r", "busybox", "true");
        assertThat(cli.ok("inspect", "--format", "{{json .HostConfig.Devices}}", "dv")).isEqualTo(
                "[{\"PathOnHost\":\"/dev/zero\",\"PathInContainer\":\"/dev/myzero\",\"CgroupPermissions\":\"r\"}]\n");
        Cli.Result missing = cli.run("create", "--device", "/dev/nope", "busybox", "true");
        assertThat(missing.code()).isEqualTo(125);
        assertThat(missing.err()).isEqualTo("Error: stat /dev/nope: no such file or directory\n");
    }

    @Test
    void modesPeapodCannotCarryOutAreRefusedAndTheHostsAreTaken() {
        cli.ok("run", "--rm", "--network", "none", "--platform", "linux/amd64", "--systemd", "false", "--cgroups",
                "enabled", "--seccomp-policy", "default", "--disable-content-trust", "busybox", "true");
        for (List<String> flags : List.of(List.of("--platform", "linux/arm64"), List.of("--arch", "arm64"),
                List.of("--os", "windows"), List.of("--variant", "v8"), List.of("--uidmap", "0:1:1"),
                List.of("--subuidname", "x"), List.of("--systemd", "always"), List.of("--cgroups", "disabled"),
                List.of("--seccomp-policy", "image"))) {
            List<String> args = new java.util.ArrayList<>(List.of("create"));
            args.addAll(flags);
            args.addAll(List.of("busybox", "true"));
            Cli.Result r = cli.run(args.toArray(String[]::new));
            assertThat(r.code()).as(flags.toString()).isEqualTo(125);
            assertThat(r.err()).as(flags.toString()).startsWith("Error: ");
        }
        assertThat(cli.run("create", "--systemd", "bogus", "busybox", "true").err()).isEqualTo("Error: invalid config "
                + "provided: --systemd values must be one of \"true, false, always\": invalid configuration\n");
        assertThat(cli.ok("ps", "-a", "-q")).as("nothing made by a refused create").isEmpty();
    }

    @Test
    void readOnlyTmpfsCanBeTurnedOff() {
        // podman 4.3.1: with --read-only, /tmp is a writable tmpfs unless --read-only-tmpfs=false
        cli.ok("run", "--rm", "--network", "none", "--read-only", "busybox", "touch", "/tmp/x");
        Cli.Result off = cli.run("run", "--rm", "--network", "none", "--read-only", "--read-only-tmpfs=false",
                "busybox", "touch", "/tmp/x");
        assertThat(off.code()).isEqualTo(1);
        assertThat(off.err()).contains("Read-only file system");
        cli.ok("create", "--name", "ro", "--read-only", "busybox", "true");
        assertThat(cli.ok("inspect", "--format", "{{.HostConfig.ReadonlyRootfs}}", "ro")).isEqualTo("true\n");
    }
}
