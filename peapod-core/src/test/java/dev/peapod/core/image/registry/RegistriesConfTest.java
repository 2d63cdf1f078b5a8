package dev.peapod.core.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.image.ImageReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistriesConfTest {
    @TempDir
    Path dir;

    private RegistriesConf conf(String toml) throws Exception {
        Path f = dir.resolve("registries.conf");
        Files.writeString(f, toml);
        return RegistriesConf.load(f);
    }

    private static List<String> names(List<ImageReference> refs) {
        return refs.stream().map(ImageReference::toString).toList();
    }

    @Test
    void shortNamesTryEachSearchRegistryInOrderAndDockerHubGetsLibrary() throws Exception {
        RegistriesConf c = conf("""
                unqualified-search-registries = ["127.0.0.1:5000", "docker.io"]
                """);
        assertThat(names(c.candidates("busybox"))).containsExactly("127.0.0.1:5000/busybox:latest",
                "docker.io/library/busybox:latest");
        assertThat(names(c.candidates("team/app:1.2"))).containsExactly("127.0.0.1:5000/team/app:1.2",
                "docker.io/team/app:1.2");
    }

    @Test
    void aliasesWinAndKeepTheTagOrDigest() throws Exception {
        RegistriesConf c = conf("""
                unqualified-search-registries = ["docker.io"]
                [aliases]
                "busybox" = "quay.io/mirror/busybox"
                """);
        assertThat(names(c.candidates("busybox:1.36"))).containsExactly("quay.io/mirror/busybox:1.36");
        String digest = "sha256:" + "a".repeat(64);
        assertThat(names(c.candidates("busybox@" + digest))).containsExactly("quay.io/mirror/busybox@" + digest);
    }

    @Test
    void qualifiedNamesAreNormalizedNotSearched() throws Exception {
        RegistriesConf c = conf("unqualified-search-registries = [\"quay.io\"]\n");
        assertThat(names(c.candidates("docker.io/busybox"))).containsExactly("docker.io/library/busybox:latest");
        assertThat(names(c.candidates("index.docker.io/library/busybox:1"))).containsExactly(
                "docker.io/library/busybox:1");
        assertThat(names(c.candidates("localhost:5000/a/b:t"))).containsExactly("localhost:5000/a/b:t");
        assertThat(names(c.candidates("docker://127.0.0.1:5000/x"))).containsExactly("127.0.0.1:5000/x:latest");
    }

    @Test
    void noSearchRegistriesGivesPodmansError() throws Exception {
        RegistriesConf c = conf("# nothing\n");
        assertThatThrownBy(() -> c.candidates("busybox")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("short-name \"busybox\" did not resolve to an alias and no unqualified-search "
                        + "registries are defined in \"" + dir.resolve("registries.conf") + "\"");
    }

    @Test
    void missingFileReadsAsEmpty() {
        RegistriesConf c = RegistriesConf.load(dir.resolve("none.conf"));
        assertThat(c.searchRegistries()).isEmpty();
        assertThat(c.aliases()).isEmpty();
    }

    @Test
    void registryTablesMarkInsecureAndBlockedAndDropInsMerge() throws Exception {
        Files.createDirectory(dir.resolve("registries.conf.d"));
        Files.writeString(dir.resolve("registries.conf.d/10-local.conf"), """
                unqualified-search-registries = ["127.0.0.1:5000"]
                [aliases]
                "app" = "127.0.0.1:5000/team/app"
                """);
        RegistriesConf c = conf("""
                unqualified-search-registries = ["docker.io"]
                [[registry]]
                location = "127.0.0.1:5000"
                insecure = true
                [[registry]]
                location = "evil.example.com"
                blocked = true
                [aliases]
                "busybox" = "docker.io/library/busybox"
                """);
        assertThat(c.searchRegistries()).containsExactly("127.0.0.1:5000");
        assertThat(c.aliases()).containsOnlyKeys("busybox", "app");
        assertThat(c.isInsecure("127.0.0.1:5000")).isTrue();
        assertThat(c.isInsecure("docker.io")).isFalse();
        assertThat(c.entryFor(ImageReference.parse("evil.example.com/x")).orElseThrow().blocked()).isTrue();
    }

    @Test
    void badTomlNamesTheFile() throws Exception {
        assertThatThrownBy(() -> conf("unqualified-search-registries = [\"a\"\n")).isInstanceOf(
                InvalidArgumentException.class).hasMessageContaining("registries.conf").hasMessageContaining("TOML");
        assertThatThrownBy(() -> conf("unqualified-search-registries = \"docker.io\"\n")).isInstanceOf(
                InvalidArgumentException.class).hasMessageContaining("must be an array");
    }

    @Test
    void malformedReferencesQuoteTheInput() throws Exception {
        RegistriesConf c = conf("unqualified-search-registries = [\"docker.io\"]\n");
        assertThatThrownBy(() -> c.candidates("Bad Name")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("\"Bad Name\"");
    }
}
