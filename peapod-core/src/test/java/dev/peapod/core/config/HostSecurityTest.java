package dev.peapod.core.config;

import static org.assertj.core.api.Assertions.assertThat;


import dev.peapod.core.container.SecurityConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostSecurityTest {
    @TempDir
    Path dir;

    @Test
    void apparmorIsOnOnlyWhenTheModuleSaysY() throws Exception {
        Path p = dir.resolve("enabled");
        assertThat(HostSecurity.apparmorEnabled(p)).isFalse();
        Files.writeString(p, "N\n");
        assertThat(HostSecurity.apparmorEnabled(p)).isFalse();
        Files.writeString(p, "Y\n");
        assertThat(HostSecurity.apparmorEnabled(p)).isTrue();
    }

    @Test
    void seccompSupportComesFromTheStatusFile() throws Exception {
        Path p = dir.resolve("status");
        Files.writeString(p, "Name:\tx\nNoNewPrivs:\t0\n");
        assertThat(HostSecurity.seccompSupported(p)).isFalse();
        Files.writeString(p, "Name:\tx\nSeccomp:\t0\n");
        assertThat(HostSecurity.seccompSupported(p)).isTrue();
    }

    @Test
    void containersConfChoosesTheDefaultProfile() throws Exception {
        ContainersConf unconfined = new ContainersConf("unconfined", "p", 2048, "65536k", List.of());
        assertThat(HostSecurity.detect(unconfined).seccompProfilePath()).isEmpty();
        Path profile = dir.resolve("profile.json");
        Files.writeString(profile, "{\"defaultAction\":\"SCMP_ACT_ALLOW\"}");
        ContainersConf file = new ContainersConf(profile.toString(), "p", 2048, "65536k", List.of());
        assertThat(HostSecurity.detect(file).seccompProfilePath()).isEqualTo(profile.toString());
        HostSecurity def = HostSecurity.detect(ContainersConf.DEFAULTS);
        assertThat(def.seccompProfilePath()).isNotEmpty();
        assertThat(def.capabilities()).isEqualTo(String.join(",", SecurityConfig.DEFAULT_CAPABILITIES));
        assertThat(def.apparmorProfile()).isEqualTo(ContainersConf.DEFAULTS.apparmorProfile());
    }

    @Test
    void anExplicitProfileWinsOverContainersConf() {
        SecurityConfig mine = new SecurityConfig(false, List.of(), List.of(), "/mine.json", false, List.of());
        assertThat(mine.withDefaultSeccomp("unconfined")).isSameAs(mine);
        assertThat(SecurityConfig.DEFAULT.withDefaultSeccomp("")).isSameAs(SecurityConfig.DEFAULT);
        assertThat(SecurityConfig.DEFAULT.withDefaultSeccomp("unconfined").seccompUnconfined()).isTrue();
    }
}
