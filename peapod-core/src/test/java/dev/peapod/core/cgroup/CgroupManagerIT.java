package dev.peapod.core.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InUseException;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.testing.TestProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** On this host's real cgroupfs: v1 hierarchies, and the hybrid host's unified hierarchy for v2. */
class CgroupManagerIT {
    final String parent = "/peapod-test-" + UUID.randomUUID().toString().substring(0, 8);
    final List<Process> started = new ArrayList<>();
    final CgroupManager v1 = CgroupManager.detect();
    final Path unified = Path.of("/sys/fs/cgroup/unified");

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : started) {
            TestProcesses.kill(p);
        }
        for (Path h : Files.list(Path.of("/sys/fs/cgroup")).toList()) {
            Path dir = h.resolve(parent.substring(1));
            for (Path d : Cgroupfs.subtree(dir)) {
                Files.deleteIfExists(d);
            }
        }
    }

    private long sleeper() throws Exception {
        Process p = new ProcessBuilder("sleep", "100").start();
        started.add(p);
        return p.pid();
    }

    @Test
    void thisHostIsV1() {
        assertThat(v1.version()).isEqualTo(CgroupManager.Version.V1);
    }

    @Test
    void v1CreateLimitFreezeAndRemove() throws Exception {
        String path = parent + "/ctr";
        assertThat(v1.exists(path)).isFalse();
        assertThat(v1.pids(path)).isEmpty();
        v1.create(path);
        v1.create(path);
        assertThat(v1.exists(path)).isTrue();
        for (String h : List.of("cpu", "memory", "freezer", "pids", "cpuset", "systemd", "unified")) {
            assertThat(Path.of("/sys/fs/cgroup", h, parent.substring(1), "ctr")).isDirectory();
        }
        assertThat(Files.readString(Path.of("/sys/fs/cgroup/cpuset" + path + "/cpuset.cpus")).strip()).isNotEmpty();

        v1.setLimits(path, new CgroupManager.Limits(1.5, 64L * 1024 * 1024));
        assertThat(read("cpu", path, "cpu.cfs_quota_us")).isEqualTo("150000");
        assertThat(read("cpu", path, "cpu.cfs_period_us")).isEqualTo("100000");
        assertThat(read("memory", path, "memory.limit_in_bytes")).isEqualTo(Long.toString(64L * 1024 * 1024));
        v1.setLimits(path, new CgroupManager.Limits(0.0, 0L));
        assertThat(read("cpu", path, "cpu.cfs_quota_us")).isEqualTo("-1");
        assertThat(Long.parseLong(read("memory", path, "memory.limit_in_bytes"))).isGreaterThan(1L << 40);

        long pid = sleeper();
        Files.writeString(Path.of("/sys/fs/cgroup/freezer" + path + "/cgroup.procs"), Long.toString(pid));
        Files.writeString(Path.of("/sys/fs/cgroup/memory" + path + "/cgroup.procs"), Long.toString(pid));
        assertThat(v1.pids(path)).containsExactly(pid);
        assertThat(v1.freezerState(path)).isEqualTo(CgroupManager.FreezerState.THAWED);
        v1.setFrozen(path, true);
        assertThat(v1.freezerState(path)).isEqualTo(CgroupManager.FreezerState.FROZEN);
        assertThat(Files.readString(Path.of("/proc/" + pid + "/stat"))).doesNotContain(") R ");
        v1.setFrozen(path, false);
        assertThat(v1.freezerState(path)).isEqualTo(CgroupManager.FreezerState.THAWED);

        assertThatThrownBy(() -> v1.remove(parent)).isInstanceOf(InUseException.class)
                .hasMessageContaining(pid + " (sleep)");
        assertThat(v1.exists(path)).as("nothing removed while busy").isTrue();
        TestProcesses.kill(started.getFirst());
        v1.remove(parent);
        assertThat(v1.exists(path)).isFalse();
        assertThat(v1.exists(parent)).isFalse();
        v1.remove(parent);
    }

    @Test
    void v1LimitsOnAMissingCgroupFail() {
        assertThatThrownBy(() -> v1.setLimits(parent + "/none", new CgroupManager.Limits(1.0, null)))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> v1.remove("/")).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void v2OnTheUnifiedHierarchy() throws Exception {
        CgroupV2 v2 = new CgroupV2(unified);
        String path = parent + "/a/b";
        v2.create(path);
        assertThat(v2.exists(path)).isTrue();
        assertThat(unified.resolve(path.substring(1))).isDirectory();
        long pid = sleeper();
        Files.writeString(unified.resolve(path.substring(1)).resolve("cgroup.procs"), Long.toString(pid));
        assertThat(v2.pids(path)).containsExactly(pid);
        v2.setFrozen(path, true);
        assertThat(v2.freezerState(path)).isEqualTo(CgroupManager.FreezerState.FROZEN);
        v2.setFrozen(path, false);
        assertThat(v2.freezerState(path)).isEqualTo(CgroupManager.FreezerState.THAWED);
        assertThatThrownBy(() -> v2.setLimits(path, new CgroupManager.Limits(1.0, null)))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("cpu controller");
        assertThatThrownBy(() -> v2.remove(parent)).isInstanceOf(InUseException.class)
                .hasMessageContaining(Long.toString(pid));
        TestProcesses.kill(started.getFirst());
        v2.remove(parent);
        assertThat(v2.exists(parent)).isFalse();
    }

    private static String read(String controller, String path, String file) throws Exception {
        return Files.readString(Path.of("/sys/fs/cgroup", controller, path.substring(1), file)).strip();
    }
}
