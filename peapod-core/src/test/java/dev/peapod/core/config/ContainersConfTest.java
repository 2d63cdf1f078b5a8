package dev.peapod.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainersConfTest {
    @TempDir
    Path dir;

    @Test
    void noFilesGivePodmansDefaults() {
        ContainersConf c = ContainersConf.load(List.of(dir.resolve("missing.conf")));
        assertThat(c.seccompProfile()).isEmpty();
        assertThat(c.pidsLimit()).isEqualTo(2048);
        assertThat(c.shmSize()).isEqualTo("65536k");
        assertThat(c.sources()).isEmpty();
    }

    @Test
    void laterFilesAndDropInsOverrideKeyByKey() throws Exception {
        Path share = dir.resolve("share.conf");
        Files.writeString(share, "[containers]\nseccomp_profile = \"/a.json\"\npids_limit = 100\n");
        Path etc = dir.resolve("etc.conf");
        Files.writeString(etc, "[engine]\nruntime = \"runc\"\n[containers]\npids_limit = 50\ndefault_ulimits = []\n");
        Path dropIns = dir.resolve("etc.conf.d");
        Files.createDirectories(dropIns);
        Files.writeString(dropIns.resolve("20-b.conf"), "[containers]\nshm_size = \"1g\"\n");
        Files.writeString(dropIns.resolve("10-a.conf"), "[containers]\nshm_size = \"2g\"\npids_limit = 7\n");
        Files.writeString(dropIns.resolve("ignored.txt"), "not toml at all [[[");
        ContainersConf c = ContainersConf.load(List.of(share, etc));
        assertThat(c.seccompProfile()).isEqualTo("/a.json");
        assertThat(c.pidsLimit()).isEqualTo(7);
        assertThat(c.shmSize()).isEqualTo("1g");
        assertThat(c.sources()).containsExactly(share, etc, dropIns.resolve("10-a.conf"), dropIns.resolve("20-b.conf"));
    }

    @Test
    void malformedFilesAreNamed() throws Exception {
        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, "[containers\nseccomp_profile = ");
        assertThatThrownBy(() -> ContainersConf.load(List.of(bad))).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining(bad.toString()).hasMessageContaining("TOML");
        Files.writeString(bad, "[containers]\npids_limit = \"many\"\n");
        assertThatThrownBy(() -> ContainersConf.load(List.of(bad))).hasMessageContaining("pids_limit must be a number");
        Files.writeString(bad, "[containers]\nseccomp_profile = 3\n");
        assertThatThrownBy(() -> ContainersConf.load(List.of(bad))).hasMessageContaining("seccomp_profile must be a string");
    }
}
