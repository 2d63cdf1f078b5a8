package dev.peapod.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A layer written back for a push carries its whiteouts and opaque directories as OCI entries. */
class LayerTarTest {
    @TempDir
    Path tmp;

    @Test
    void whiteoutsAndOpaqueDirectoriesSurviveTheRoundTrip() throws Exception {
        Path tar = tmp.resolve("layer.tar");
        Files.write(tar, new TarBuilder().dir("etc", 0755).file("etc/kept", "k").file("etc/.wh.gone", "")
                .dir("opt", 0755).file("opt/.wh..wh..opq", "").file("opt/new", "n").build());
        try (ImageStore store = ImageStore.open(tmp.resolve("store"))) {
            Image img = store.importRootfs(tar, "wh", null);
            Path layer = store.layerDirs(img.id()).getFirst();
            assertThat(Files.exists(layer.resolve("etc/.wh.gone"))).isFalse();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.writeLayerTar(img.diffIds().getFirst(), out);
            List<String> names = new ArrayList<>();
            try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
                TarArchiveEntry e;
                while ((e = in.getNextEntry()) != null) {
                    names.add(e.getName());
                }
            }
            assertThat(names).contains("etc/kept", "etc/.wh.gone", "opt/.wh..wh..opq", "opt/new")
                    .doesNotContain("etc/gone");
        }
    }
}
