package dev.peapod.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The on-disk format stays what existing stores hold. {@code images-v1.json} and the ids below were written by the
 * store before it was split into an index, a layer store, a blob store and OCI JSON (commit 30fb574), from the same
 * inputs as here: same bytes in, same ids, digests, blobs and index bytes out, and such a store opens.
 */
class StoreFormatTest {
    static final String ONE_ID = "121450f1b8ec19eba4a7e859f5d8177417dcab6f8bc60ff0d9510a203522b5c5";
    static final String ONE_DIGEST = "sha256:8769493c5eec5d0c42a9bb0975d4866653d3812d7095ec17a8c0d112868478c8";
    static final String ONE_LAYER = "sha256:c76c8647368026d37328196051612b108c4375c0fbd976315fddb4b994f2fbde";
    static final String TWO_ID = "f78b62594fd0440a7fc912bef1dbd00da7468687d085a34fe3eefad9e39d57b5";
    static final String TWO_DIGEST = "sha256:b1d93a0300eef65b1d351e6934a7766f286cb8f1e9cb83092b38822707f18bf6";
    static final String TWO_LAYER = "sha256:75a891e068fbfe44ae4d76de7c0f7e6c983551fadebcdfce37ab7e6d5400ef6a";
    static final ImageConfig ONE_CONFIG = new ImageConfig(List.of("PATH=/bin"), List.of("/bin/sh"), List.of("-c", "x"),
            "/w", "1:2", Map.of("b", "2", "a", "1"), "SIGINT");

    @TempDir
    Path tmp;

    private static byte[] fixture() throws IOException {
        try (InputStream in = StoreFormatTest.class.getResourceAsStream("images-v1.json")) {
            return in.readAllBytes();
        }
    }

    @Test
    void theSameInputsGiveTheIdsDigestsBlobsAndIndexBytesOfTheFormerStore() throws IOException {
        Path root = tmp.resolve("store");
        try (ImageStore s = ImageStore.open(root)) {
            Image one = s.importLayer(new ByteArrayInputStream(ImageStoreTest.BASE), List.of("localhost/one:latest"),
                    ONE_CONFIG, Instant.parse("2024-05-06T07:08:09Z"), "fixture one");
            Image two = s.importLayer(new ByteArrayInputStream(ImageStoreTest.TOP),
                    List.of("localhost/two:1", "quay.io/x/two:latest"), null, Instant.EPOCH, "fixture two");
            assertThat(List.of(one.id(), one.digest(), two.id(), two.digest()))
                    .containsExactly(ONE_ID, ONE_DIGEST, TWO_ID, TWO_DIGEST);
            assertThat(Files.readAllBytes(root.resolve("images/images.json"))).isEqualTo(fixture());
            for (String blob : List.of(ONE_ID, ONE_DIGEST, TWO_ID, TWO_DIGEST)) {
                Path p = root.resolve("images/blobs/sha256").resolve(Digest.parseOrHex(blob).hex());
                assertThat(Digest.sha256(Files.readAllBytes(p))).isEqualTo(Digest.parseOrHex(blob));
            }
            assertThat(root.resolve("overlay").resolve(Digest.parse(ONE_LAYER).hex()).resolve("diff/bin/hello"))
                    .hasContent("hello");
            assertThat(root.resolve("overlay").resolve(Digest.parse(TWO_LAYER).hex()).resolve("size"))
                    .hasContent(Integer.toString(ImageStoreTest.TOP.length));
        }
    }

    @Test
    void aStoreWrittenByTheFormerCodeOpensAndAnswersEveryKindOfName() throws IOException {
        Path root = tmp.resolve("old");
        Files.createDirectories(root.resolve("images"));
        Files.write(root.resolve("images/images.json"), fixture());
        for (String layer : List.of(ONE_LAYER, TWO_LAYER)) {
            Files.createDirectories(root.resolve("overlay").resolve(Digest.parse(layer).hex()).resolve("diff"));
        }
        try (ImageStore s = ImageStore.open(root)) {
            assertThat(s.list()).extracting(Image::id).containsExactly(ONE_ID, TWO_ID);
            Image one = s.resolve("one");
            assertThat(one.config()).isEqualTo(ONE_CONFIG);
            assertThat(one.created()).isEqualTo(Instant.parse("2024-05-06T07:08:09Z"));
            assertThat(one.size()).isEqualTo(4096);
            assertThat(one.diffIds()).containsExactly(ONE_LAYER);
            assertThat(s.resolve("sha256:" + TWO_ID).names()).containsExactly("localhost/two:1", "quay.io/x/two:latest");
            assertThat(s.resolve("quay.io/x/two").id()).isEqualTo(TWO_ID);
            assertThat(s.resolve("localhost/two@" + TWO_DIGEST).id()).isEqualTo(TWO_ID);
            assertThat(s.resolve(ONE_ID.substring(0, 5)).id()).isEqualTo(ONE_ID);
            assertThat(s.layerDirs(TWO_ID)).containsExactly(root.resolve("overlay")
                    .resolve(Digest.parse(TWO_LAYER).hex()).resolve("diff"));
            s.untag("two:1");
            assertThat(s.resolve(TWO_ID).names()).containsExactly("quay.io/x/two:latest");
        }
    }
}
