package dev.peapod.core.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestsTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);
    private static final String C = "sha256:" + "c".repeat(64);

    private static JsonNode json(String s) {
        return Manifests.parse(s.getBytes(StandardCharsets.UTF_8), "test");
    }

    private static String entry(String digest, String os, String arch, String variant) {
        return "{\"mediaType\":\"" + RegistryClient.DOCKER_MANIFEST + "\",\"digest\":\"" + digest + "\",\"size\":10,"
                + "\"platform\":{\"os\":\"" + os + "\",\"architecture\":\"" + arch + "\""
                + (variant == null ? "" : ",\"variant\":\"" + variant + "\"") + "}}";
    }

    @Test
    void picksLinuxAmd64PreferringNoVariantAndIgnoringAttestations() {
        JsonNode list = json("{\"schemaVersion\":2,\"manifests\":[" + entry(A, "linux", "arm64", "v8") + ","
                + entry(B, "unknown", "unknown", null) + "," + entry(C, "linux", "amd64", null) + "]}");
        assertThat(Manifests.choosePlatform(list, "x").digest()).isEqualTo(C);
        JsonNode withVariant = json("{\"schemaVersion\":2,\"manifests\":[" + entry(A, "linux", "amd64", "v3") + ","
                + entry(B, "linux", "amd64", null) + "]}");
        assertThat(Manifests.choosePlatform(withVariant, "x").digest()).isEqualTo(B);
    }

    @Test
    void mediaTypeComesFromTheDocumentThenTheHeaderThenTheShape() {
        RegistryClient.Fetched plain = new RegistryClient.Fetched(new byte[0], "application/json", A);
        assertThat(Manifests.mediaType(plain, json("{\"manifests\":[]}"))).isEqualTo(RegistryClient.OCI_INDEX);
        assertThat(Manifests.mediaType(plain, json("{\"layers\":[]}"))).isEqualTo(RegistryClient.OCI_MANIFEST);
        RegistryClient.Fetched docker = new RegistryClient.Fetched(new byte[0], RegistryClient.DOCKER_LIST, A);
        assertThat(Manifests.mediaType(docker, json("{\"manifests\":[]}"))).isEqualTo(RegistryClient.DOCKER_LIST);
    }

    @Test
    void refusesSchema1UnknownLayersAndBadDescriptors() {
        assertThatThrownBy(() -> Manifests.imageManifest(json("{\"schemaVersion\":1}"),
                "application/vnd.docker.distribution.manifest.v1+prettyjws", "x")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("schema 1");
        String cfg = "\"config\":{\"mediaType\":\"x\",\"digest\":\"" + A + "\",\"size\":1}";
        assertThatThrownBy(() -> Manifests.imageManifest(json("{\"schemaVersion\":2," + cfg + ",\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar+encrypted\",\"digest\":\"" + B + "\",\"size\":1}]}"),
                RegistryClient.OCI_MANIFEST, "x")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("cannot unpack");
        assertThatThrownBy(() -> Manifests.imageManifest(json("{\"schemaVersion\":2," + cfg + ",\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"md5:abc\",\"size\":1}]}"),
                RegistryClient.OCI_MANIFEST, "x")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("not a sha256 digest");
        assertThatThrownBy(() -> Manifests.parse("[1".getBytes(StandardCharsets.UTF_8), "the manifest of x"))
                .isInstanceOf(RegistryException.class).hasMessageContaining("not valid JSON");
        Manifests.ImageManifest ok = Manifests.imageManifest(json("{\"schemaVersion\":2," + cfg + ",\"layers\":[{"
                + "\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"digest\":\"" + B
                + "\",\"size\":7}]}"), RegistryClient.DOCKER_MANIFEST, "x");
        assertThat(ok.layers()).extracting(Manifests.Descriptor::size).containsExactly(7L);
    }

    @Test
    void aDescriptorNeedsASizeAndZeroIsOne() {
        String cfg = "\"config\":{\"mediaType\":\"x\",\"digest\":\"" + A + "\",\"size\":0}";
        String layer = "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + B + "\"";
        Manifests.ImageManifest empty = Manifests.imageManifest(json("{\"schemaVersion\":2," + cfg + ",\"layers\":["
                + layer + ",\"size\":0}]}"), RegistryClient.OCI_MANIFEST, "x");
        assertThat(empty.layers()).extracting(Manifests.Descriptor::size).as("an empty blob has size 0").containsExactly(0L);
        assertThatThrownBy(() -> Manifests.imageManifest(json("{\"schemaVersion\":2," + cfg + ",\"layers\":[" + layer
                + "}]}"), RegistryClient.OCI_MANIFEST, "x")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("gives no size for " + B);
        assertThatThrownBy(() -> Manifests.imageManifest(json("{\"schemaVersion\":2," + cfg + ",\"layers\":[" + layer
                + ",\"size\":-1}]}"), RegistryClient.OCI_MANIFEST, "x")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("gives no size");
    }
}
