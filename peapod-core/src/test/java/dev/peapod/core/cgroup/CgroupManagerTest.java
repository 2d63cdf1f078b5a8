package dev.peapod.core.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CgroupManagerTest {
    @Test
    void pathsAreNormalisedAndDotDotRefused() {
        assertThat(CgroupManager.normalize("/a//b/")).isEqualTo("/a/b");
        assertThat(CgroupManager.normalize("a/./b")).isEqualTo("/a/b");
        assertThat(CgroupManager.normalize("/")).isEqualTo("/");
        assertThatThrownBy(() -> CgroupManager.normalize("/a/../../etc")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("..");
        assertThatThrownBy(() -> CgroupManager.normalize(" ")).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void systemdManagerIsRefusedClearly() {
        assertThatThrownBy(() -> CgroupManager.named("systemd")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("systemd").hasMessageContaining("only cgroupfs is supported");
        assertThatThrownBy(() -> CgroupManager.named("")).isInstanceOf(InvalidArgumentException.class);
        assertThat(CgroupManager.named("cgroupfs").version()).isEqualTo(CgroupManager.detect().version());
    }

    @Test
    void limitsAreValidated() {
        assertThatThrownBy(() -> new CgroupManager.Limits(-1.0, null)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> new CgroupManager.Limits(Double.NaN, null))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> new CgroupManager.Limits(null, -5L)).isInstanceOf(InvalidArgumentException.class);
        assertThat(new CgroupManager.Limits(null, null).cpus()).isNull();
    }

    @Test
    void v1HierarchiesComeFromMountinfo() {
        CgroupV1 v1 = CgroupV1.fromMountinfo(List.of(
                "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
                "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct",
                "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
                "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd",
                "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate",
                "50 23 0:40 / /mnt/elsewhere rw - cgroup cgroup rw,pids"));
        assertThat(v1.controllers()).containsOnlyKeys("cpu", "cpuacct", "memory", "name=systemd");
        assertThat(v1.controllers().get("cpu")).isEqualTo(Path.of("/sys/fs/cgroup/cpu,cpuacct"));
        assertThat(v1.version()).isEqualTo(CgroupManager.Version.V1);
        assertThatThrownBy(() -> CgroupV1.fromMountinfo(List.of("1 2 0:1 / / rw - ext4 /dev/sda rw")))
                .isInstanceOf(InvalidArgumentException.class);
    }
}
