package dev.peapod.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A layer is staged from any tar stream, checked, and enters {@code overlay/} only when installed. */
class LayerStoreTest {
    @TempDir
    Path tmp;
    StagingArea staging;
    LayerStore layers;

    @BeforeEach
    void setUp() throws IOException {
        staging = new StagingArea(Files.createDirectories(tmp.resolve("tmp")));
        layers = new LayerStore(Files.createDirectories(tmp.resolve("overlay")), staging);
    }

    @Test
    void aStagedLayerIsInvisibleUntilInstalledThenSharedAndRemovable() throws IOException {
        byte[] tar = new TarBuilder().dir("etc", 0755).file("etc/motd", "hi\n").build();
        Digest diffId = Digest.sha256(tar);
        LayerStore.StagedLayer staged = layers.stage(new ByteArrayInputStream(tar), staging.newDir(), null);
        assertThat(staged.diffId()).isEqualTo(diffId);
        assertThat(staged.size()).isEqualTo(tar.length);
        assertThat(layers.has(diffId)).isFalse();

        assertThat(layers.installLocked(staged)).isEqualTo(tar.length);
        assertThat(layers.has(diffId)).isTrue();
        assertThat(layers.dir(diffId).resolve("etc/motd")).hasContent("hi");
        assertThat(layers.installLocked(LayerStore.StagedLayer.existing(diffId))).isEqualTo(tar.length);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        layers.writeTar(diffId, out);
        LayerStore.StagedLayer again = layers.stage(new ByteArrayInputStream(out.toByteArray()), staging.newDir(), null);
        assertThat(again.dir().resolve("diff/etc/motd")).hasContent("hi");

        layers.removeLocked(diffId);
        assertThat(layers.has(diffId)).isFalse();
        assertThatThrownBy(() -> layers.installLocked(LayerStore.StagedLayer.existing(diffId)))
                .isInstanceOf(LayerStore.LayerVanishedException.class).hasMessageContaining(diffId.toString());
    }

    @Test
    void contentThatIsNotTheExpectedDiffIdIsRefusedNamingBoth() {
        byte[] tar = new TarBuilder().file("a", "a").build();
        Digest claimed = Digest.sha256(new byte[] {1});
        assertThatThrownBy(() -> layers.stage(new ByteArrayInputStream(tar), staging.newDir(), claimed))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining(claimed.toString())
                .hasMessageContaining(Digest.sha256(tar).toString());
        assertThat(layers.root()).isEmptyDirectory();
    }

    @Test
    void theShortLinkNameIsTheFirstSixteenHexDigits() {
        Digest d = Digest.sha256(new byte[0]);
        assertThat(LayerStore.shortLink(d)).isEqualTo(d.hex().substring(0, 16));
        assertThat(List.of(layers.dir(d).getFileName().toString(), layers.dir(d).getParent().getFileName().toString()))
                .containsExactly("diff", d.hex());
    }
}
