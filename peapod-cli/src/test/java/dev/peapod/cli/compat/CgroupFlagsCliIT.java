package dev.peapod.cli.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import dev.peapod.cli.CliStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --memory-swappiness}, {@code --oom-kill-disable}, {@code --cpuset-mems}, {@code --blkio-weight} and the
 * block device rates on real parts (runc's cgroupfs files as the container sees them), for {@code run} and
 * {@code update}, each compared with what podman 4.3.1 gave for the same command line on this machine.
 */
class CgroupFlagsCliIT {
    /** A disk of this host to throttle (the tests that need one are skipped without). */
    private static final Path DISK = disk();

    @RegisterExtension
    final CliStore cli = CliStore.named("cgflags-it");

    @Test
    void cgroupFilesHoldTheLimits() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(DISK != null, "no disk to throttle");
        String dev = majorMinor(DISK);
        // podman 4.3.1, the same flags: 10, "oom_kill_disable 1", 0, "254:0 1048576", "254:0 100"
        String out = cli.ok("run", "--rm", "--network", "none", "-m", "64m", "--memory-swappiness", "10",
                "--oom-kill-disable", "--cpuset-mems", "0", "--device-read-bps", DISK + ":1mb", "--device-write-iops",
                DISK + ":100", "busybox", "sh", "-c", "cat /sys/fs/cgroup/memory/memory.swappiness; "
                        + "head -1 /sys/fs/cgroup/memory/memory.oom_control; cat /sys/fs/cgroup/cpuset/cpuset.mems "
                        + "/sys/fs/cgroup/blkio/blkio.throttle.read_bps_device "
                        + "/sys/fs/cgroup/blkio/blkio.throttle.write_iops_device");
        assertThat(out.lines().toList()).containsExactly("10", "oom_kill_disable 1", "0", dev + " 1048576",
                dev + " 100");
        cli.ok("create", "--name", "r", "--memory-swappiness", "10", "--oom-kill-disable", "--cpuset-mems", "0",
                "--device-read-bps", DISK + ":1mb", "--device-write-bps", DISK + ":2k", "busybox", "true");
        assertThat(cli.ok("inspect", "--format", "{{.HostConfig.MemorySwappiness}} {{.HostConfig.OomKillDisable}} "
                + "{{.HostConfig.CpusetMems}} {{json .HostConfig.BlkioDeviceReadBps}} "
                + "{{json .HostConfig.BlkioDeviceWriteBps}} {{json .HostConfig.BlkioDeviceReadIOps}}", "r"))
                .isEqualTo("10 true 0 [{\"Path\":\"" + DISK + "\",\"Rate\":1048576}] "
                        + "[{\"Path\":\"" + DISK + "\",\"Rate\":2048}] null\n");

        Cli.Result swappiness = cli.run("create", "--memory-swappiness", "101", "busybox", "true");
        assertThat(swappiness.code()).isEqualTo(125);
        assertThat(swappiness.err()).isEqualTo("Error: invalid value: 101, valid memory swappiness range is 0-100\n");
        Cli.Result nodev = cli.run("create", "--device-read-bps", "/dev/nope:1mb", "busybox", "true");
        assertThat(nodev.code()).isEqualTo(125);
        assertThat(nodev.err()).isEqualTo("Error: could not parse throttle device at /dev/nope: no such file or "
                + "directory\n");
        assertThat(cli.run("create", "--device-read-bps", "/dev/vda", "busybox", "true").err())
                .isEqualTo("Error: bad format: /dev/vda\n");
        if (!Files.exists(Path.of("/sys/fs/cgroup/blkio/blkio.weight"))
                && !Files.exists(Path.of("/sys/fs/cgroup/blkio/blkio.bfq.weight"))) {
            // podman 4.3.1 on this kernel: the warning, and the container is made without a weight
            Cli.Result weight = cli.run("create", "--name", "w", "--blkio-weight", "300", "busybox", "true");
            assertThat(weight.code()).isZero();
            assertThat(weight.err()).contains("Your kernel does not support Block I/O weight or the cgroup is not "
                    + "mounted. Weight discarded.");
            assertThat(cli.ok("inspect", "--format", "{{.HostConfig.BlkioWeight}}", "w")).isEqualTo("0\n");
        }
        assertThat(cli.ok("ps", "-a", "--format", "{{.Names}}").lines().sorted().toList())
                .as("nothing made by a refused create").containsExactlyInAnyOrder("r", "w");
    }

    @Test
    void updateChangesTheLiveCgroupAndTheConfig() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(DISK != null, "no disk to throttle");
        cli.ok("run", "-d", "--name", "u", "--network", "none", "-m", "64m", "busybox", "sleep", "300");
        cli.ok("update", "--cpuset-mems", "0", "u");
        assertThat(cli.ok("exec", "u", "cat", "/sys/fs/cgroup/cpuset/cpuset.mems")).isEqualTo("0\n");
        // podman 4.3.1 with runc accepts these on a running container and changes nothing; peapod says so
        Cli.Result live = cli.run("update", "--memory-swappiness", "20", "u");
        assertThat(live.code()).isEqualTo(125);
        assertThat(live.err()).contains("cannot be changed while it runs");
        cli.ok("stop", "-t", "0", "u");
        cli.ok("update", "--memory-swappiness", "20", "--device-read-iops", DISK + ":50", "u");
        cli.ok("start", "u");
        assertThat(cli.ok("exec", "u", "sh", "-c", "cat /sys/fs/cgroup/memory/memory.swappiness "
                + "/sys/fs/cgroup/blkio/blkio.throttle.read_iops_device").lines().toList())
                .containsExactly("20", majorMinor(DISK) + " 50");
        assertThat(cli.ok("inspect", "--format", "{{.HostConfig.MemorySwappiness}} "
                + "{{json .HostConfig.BlkioDeviceReadIOps}}", "u"))
                .isEqualTo("20 [{\"Path\":\"" + DISK + "\",\"Rate\":50}]\n");
        Cli.Result bad = cli.run("update", "--memory-swappiness", "200", "u");
        assertThat(bad.code()).isEqualTo(125);
        assertThat(bad.err()).contains("valid memory swappiness range is 0-100");
    }

    private static Path disk() {
        try (var names = Files.list(Path.of("/sys/block"))) {
            return names.map(p -> p.getFileName().toString()).filter(n -> n.matches("(vd|sd|xvd|nvme)[a-z0-9]+"))
                    .sorted().map(n -> Path.of("/dev", n)).filter(Files::exists).findFirst().orElse(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String majorMinor(Path dev) throws Exception {
        long rdev = ((Number) Files.getAttribute(dev, "unix:rdev")).longValue();
        return (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL)) + ":" + ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
    }
}
