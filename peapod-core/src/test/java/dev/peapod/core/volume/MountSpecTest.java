package dev.peapod.core.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountSpecTest {
    @Test
    void volumeFlagForms() {
        assertThat(MountSpec.parseVolume("/host:/ctr:ro,z")).isEqualTo(new MountSpec(MountSpec.Type.BIND, "/host",
                "/ctr", List.of("ro", "z")));
        assertThat(MountSpec.parseVolume("name:/ctr/")).isEqualTo(new MountSpec(MountSpec.Type.VOLUME, "name",
                "/ctr", List.of()));
        assertThat(MountSpec.parseVolume("/anon")).isEqualTo(new MountSpec(MountSpec.Type.VOLUME, "", "/anon",
                List.of()));
    }

    @Test
    void volumeFlagErrorsArePodmans() {
        assertThatThrownBy(() -> MountSpec.parseVolume(":/y")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("host directory cannot be empty");
        assertThatThrownBy(() -> MountSpec.parseVolume("/x::ro")).hasMessage("container directory cannot be empty");
        assertThatThrownBy(() -> MountSpec.parseVolume("/x:y")).hasMessage(
                "invalid container path \"y\", must be an absolute path");
        assertThatThrownBy(() -> MountSpec.parseVolume("a:/y:/z:q")).hasMessage(
                "a:/y:/z:q: incorrect volume format, should be [host-dir:]ctr-dir[:option]");
        assertThatThrownBy(() -> MountSpec.parseVolume("/x:/y:bogus")).hasMessage("invalid option type \"bogus\"");
        assertThatThrownBy(() -> MountSpec.parseVolume("/x:/y:ro,ro")).hasMessage(
                "invalid options \"ro, ro\", can only specify 1 'rw' or 'ro' option");
    }

    @Test
    void mountFlagForms() {
        assertThat(MountSpec.parseMount("type=bind,src=/a,dst=/b,ro=true,bind-propagation=rshared"))
                .isEqualTo(new MountSpec(MountSpec.Type.BIND, "/a", "/b", List.of("ro", "rshared")));
        assertThat(MountSpec.parseMount("type=tmpfs,target=/t,tmpfs-size=1m,tmpfs-mode=700"))
                .isEqualTo(new MountSpec(MountSpec.Type.TMPFS, "tmpfs", "/t",
                        List.of("rw", "size=1m", "mode=700", "nosuid", "nodev")));
        assertThat(MountSpec.parseMount("type=volume,destination=/v").source()).isEmpty();
        MountSpec m = MountSpec.parseMount("type=volume,source=data,destination=/v,readonly");
        assertThat(MountSpec.parseMount(m.toString())).isEqualTo(m);
        assertThatThrownBy(() -> MountSpec.parseMount("src=/a,dst=/b")).hasMessageStartingWith(
                "incorrect mount format");
        assertThatThrownBy(() -> MountSpec.parseMount("type=bind,src=/a")).hasMessage("must set volume destination");
        assertThatThrownBy(() -> MountSpec.parseMount("type=foo,dst=/y")).hasMessage(
                "invalid filesystem type \"foo\"");
        assertThatThrownBy(() -> MountSpec.parseMount("type=bind,src=/a,dst=/y,bogus")).hasMessage(
                "bogus: invalid mount option");
    }

    @Test
    void tmpfsDefaultsAndVolumesFrom() {
        assertThat(MountSpec.parseTmpfs("/t:size=1m").options()).containsExactly("size=1m", "rw", "noexec",
                "nosuid", "nodev");
        List<MountSpec> from = List.of(MountSpec.parseVolume("v:/v:rw"), MountSpec.parseTmpfs("/t"));
        assertThat(MountSpec.inherited(from, "ro")).containsExactly(new MountSpec(MountSpec.Type.VOLUME, "v", "/v",
                List.of("ro")));
    }
}
