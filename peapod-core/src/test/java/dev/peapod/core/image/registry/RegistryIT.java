package dev.peapod.core.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.core.image.BuiltinImages;
import dev.peapod.core.image.Digest;
import dev.peapod.core.image.Image;
import dev.peapod.core.image.ImageStore;
import dev.peapod.core.image.registry.RegistryOptions.Credentials;
import dev.peapod.core.testing.LocalRegistry;
import dev.peapod.core.testing.TestDirs;
import dev.peapod.core.testing.TestProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Push and pull against a real registry: the Debian docker-registry (distribution 2.8.2) on 127.0.0.1, an open one
 * and one behind htpasswd basic auth, both started here and killed afterwards. Multi-layer images are seeded by
 * skopeo (one as an OCI manifest, one as a Docker schema 2 manifest), so pulls are tested on content peapod did not
 * write.
 */
class RegistryIT {
    static Path dir;
    static LocalRegistry open;
    static LocalRegistry secured;
    static final ObjectMapper JSON = new ObjectMapper();
    static List<String> multiDiffIds;
    Path tmp;

    @BeforeAll
    static void startRegistries() throws Exception {
        dir = Files.createTempDirectory("peapod-registry-it");
        try {
            open = LocalRegistry.start(dir.resolve("open"), null, null);
            secured = LocalRegistry.start(dir.resolve("secured"), "alice", "wonderland");
            Path oci = dir.resolve("multi-oci");
            multiDiffIds = ociLayout(oci, List.of(FakeRegistry.tar("base/os-release", "ID=peapod-test"),
                    FakeRegistry.tar("app/one", "1"), FakeRegistry.tar("app/two", "2".repeat(200_000))),
                    List.of(true, true, false));
            open.skopeoCopy(oci, "multi:1");
            Path oci2 = dir.resolve("multi2-oci");
            ociLayout(oci2, List.of(FakeRegistry.tar("base/os-release", "ID=peapod-test"),
                    FakeRegistry.tar("other/file", "x")), List.of(true, true));
            open.skopeoCopy(oci2, "multi2:1", "--format", "v2s2");
        } catch (Exception | Error e) {
            stopRegistries();
            throw e;
        }
    }

    @AfterAll
    static void stopRegistries() {
        if (open != null) {
            open.close();
        }
        if (secured != null) {
            secured.close();
        }
        TestDirs.deleteTree(dir);
    }

    @org.junit.jupiter.api.BeforeEach
    void setUp() throws Exception {
        tmp = Files.createDirectories(dir.resolve("t-" + UUID.randomUUID()));
        Files.writeString(tmp.resolve("registries.conf"), "unqualified-search-registries = [\"" + open.host()
                + "\"]\n[[registry]]\nlocation = \"" + open.host() + "\"\ninsecure = true\n[[registry]]\nlocation = \""
                + secured.host() + "\"\ninsecure = true\n");
    }

    @AfterEach
    void tearDown() {
        TestDirs.deleteTree(tmp);
    }

    private RegistryOptions options() {
        return RegistryOptions.defaults().withRegistriesConf(tmp.resolve("registries.conf"))
                .withAuthFile(tmp.resolve("auth.json"));
    }

    private ImageStore store(String name) {
        return ImageStore.open(tmp.resolve(name));
    }

    /** Writes an OCI layout with one image of these layers (gzip where asked, else plain tar). */
    static List<String> ociLayout(Path oci, List<byte[]> tars, List<Boolean> gzip) throws Exception {
        Path blobs = Files.createDirectories(oci.resolve("blobs/sha256"));
        List<String> diffIds = new ArrayList<>();
        ArrayNode layers = JSON.createArrayNode();
        for (int i = 0; i < tars.size(); i++) {
            byte[] tar = tars.get(i);
            diffIds.add(Digest.sha256(tar).toString());
            byte[] blob = gzip.get(i) ? FakeRegistry.gzip(tar) : tar;
            String hex = Digest.sha256(blob).hex();
            Files.write(blobs.resolve(hex), blob);
            layers.addObject().put("mediaType", "application/vnd.oci.image.layer.v1.tar" + (gzip.get(i) ? "+gzip" : ""))
                    .put("digest", "sha256:" + hex).put("size", blob.length);
        }
        ObjectNode cfg = JSON.createObjectNode().put("architecture", "amd64").put("os", "linux")
                .put("created", "2024-05-06T07:08:09Z");
        cfg.putObject("config").putArray("Cmd").add("/bin/sh");
        ArrayNode ids = cfg.putObject("rootfs").put("type", "layers").putArray("diff_ids");
        diffIds.forEach(ids::add);
        byte[] config = JSON.writeValueAsBytes(cfg);
        Files.write(blobs.resolve(Digest.sha256(config).hex()), config);
        ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", RegistryClient.OCI_MANIFEST);
        m.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json")
                .put("digest", Digest.sha256(config).toString()).put("size", config.length);
        m.set("layers", layers);
        byte[] manifest = JSON.writeValueAsBytes(m);
        Files.write(blobs.resolve(Digest.sha256(manifest).hex()), manifest);
        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2);
        index.putArray("manifests").addObject().put("mediaType", RegistryClient.OCI_MANIFEST)
                .put("digest", Digest.sha256(manifest).toString()).put("size", manifest.length);
        Files.write(oci.resolve("index.json"), JSON.writeValueAsBytes(index));
        Files.writeString(oci.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return diffIds;
    }

    @Test
    void pushBuiltinBusyboxThenPullItIntoAFreshStore() throws Exception {
        try (ImageStore a = store("a"); ImageStore b = store("b")) {
            Image local = BuiltinImages.ensure(a, BuiltinImages.BUSYBOX);
            Registries.PushResult pushed = new Registries(a, options()).push(BuiltinImages.BUSYBOX,
                    open.host() + "/busybox:1", TransferListener.NONE);
            assertThat(pushed.reference()).isEqualTo(open.host() + "/busybox:1");
            Image pulled = new Registries(b, options()).pull(open.host() + "/busybox:1", TransferListener.NONE);
            assertThat(pulled.digest()).isEqualTo(pushed.digest());
            assertThat(pulled.config()).isEqualTo(local.config());
            Path localBusybox = a.layerDirs(local.id()).getFirst().resolve("bin/busybox");
            Path pulledBusybox = b.layerDirs(pulled.id()).getFirst().resolve("bin/busybox");
            assertThat(Files.mismatch(localBusybox, pulledBusybox)).isEqualTo(-1);
            assertThat(Files.readSymbolicLink(b.layerDirs(pulled.id()).getFirst().resolve("bin/sh")))
                    .isEqualTo(Files.readSymbolicLink(a.layerDirs(local.id()).getFirst().resolve("bin/sh")));
            // pushing again sends no layer: the registry has them all
            List<String> skipped = Collections.synchronizedList(new ArrayList<>());
            new Registries(a, options()).push(BuiltinImages.BUSYBOX, open.host() + "/busybox:2", new TransferListener() {
                @Override
                public void blobSkipped(String digest) {
                    skipped.add(digest);
                }
            });
            assertThat(skipped).hasSize(local.diffIds().size());
        }
    }

    @Test
    void pullsAMultiLayerImageSeededBySkopeoAndByDigest() {
        try (ImageStore s = store("s"); ImageStore d = store("d")) {
            Image img = new Registries(s, options()).pull("multi:1", TransferListener.NONE);
            assertThat(img.names()).containsExactly(open.host() + "/multi:1");
            assertThat(img.diffIds()).isEqualTo(multiDiffIds);
            List<Path> layers = s.layerDirs(img.id());
            assertThat(layers.get(0).resolve("base/os-release")).hasContent("ID=peapod-test");
            assertThat(layers.get(2).resolve("app/two")).hasContent("2".repeat(200_000));
            Image byDigest = new Registries(d, options()).pull(open.host() + "/multi@" + img.digest(),
                    TransferListener.NONE);
            assertThat(byDigest.id()).isEqualTo(img.id());
            assertThat(byDigest.digest()).isEqualTo(img.digest());
            assertThat(d.find(open.host() + "/multi@" + img.digest())).contains(byDigest);
        }
    }

    @Test
    void layersSharedBetweenImagesAreStoredOnce() throws Exception {
        try (ImageStore s = store("s")) {
            Registries r = new Registries(s, options());
            Image one = r.pull("multi:1", TransferListener.NONE);
            List<String> skipped = Collections.synchronizedList(new ArrayList<>());
            Image two = r.pull("multi2:1", new TransferListener() {
                @Override
                public void blobSkipped(String digest) {
                    skipped.add(digest);
                }
            });
            assertThat(skipped).hasSize(1);
            assertThat(new String(s.blob(two.digest()), java.nio.charset.StandardCharsets.UTF_8))
                    .contains(RegistryClient.DOCKER_MANIFEST);
            assertThat(s.layerDirs(two.id()).getFirst()).isEqualTo(s.layerDirs(one.id()).getFirst());
            try (Stream<Path> layers = Files.list(s.root().resolve("overlay"))) {
                assertThat(layers.filter(p -> !p.getFileName().toString().equals("l")).count()).isEqualTo(4);
            }
        }
    }

    @Test
    void concurrentPullsInThreadsAndInTwoProcessesLeaveOneIntactImage() throws Exception {
        try (ImageStore s = store("c")) {
            List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        new Registries(s, options()).pull("multi:1", TransferListener.NONE);
                    } catch (Throwable t) {
                        errors.add(t);
                    }
                }));
            }
            for (Thread t : threads) {
                TestProcesses.join(t, java.time.Duration.ofMinutes(3));
            }
            assertThat(errors).isEmpty();
            assertThat(s.list()).hasSize(1);
        }
        Path root = tmp.resolve("p");
        List<Process> procs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            procs.add(TestProcesses.start(tmp.resolve("worker-" + i + ".log"), PullWorkerMain.class, root.toString(),
                    "multi:1", tmp.resolve("registries.conf").toString(), tmp.resolve("auth.json").toString()));
        }
        for (int i = 0; i < procs.size(); i++) {
            Process p = procs.get(i);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                procs.forEach(Process::destroyForcibly);
            }
            assertThat(p.exitValue()).as(Files.readString(tmp.resolve("worker-" + i + ".log"))).isZero();
        }
        try (ImageStore s = ImageStore.open(root)) {
            assertThat(s.list()).hasSize(1);
            Image img = s.list().getFirst();
            assertThat(s.layerDirs(img.id()).get(2).resolve("app/two")).hasContent("2".repeat(200_000));
            try (Stream<Path> staging = Files.list(root.resolve("tmp"))) {
                assertThat(staging.toList()).isEmpty();
            }
        }
    }

    @Test
    void basicAuthRegistryLoginPullLogoutThen401() {
        try (ImageStore a = store("a"); ImageStore b = store("b")) {
            BuiltinImages.ensure(a, BuiltinImages.BUSYBOX);
            Registries ra = new Registries(a, options());
            String ref = secured.host() + "/private/busybox:1";
            assertThatThrownBy(() -> ra.push(BuiltinImages.BUSYBOX, ref, TransferListener.NONE))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("run peapod login " + secured.host());
            assertThatThrownBy(() -> ra.login(secured.host(), new Credentials("alice", "wrong")))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("refused");
            ra.login(secured.host(), new Credentials("alice", "wonderland"));
            ra.push(BuiltinImages.BUSYBOX, ref, TransferListener.NONE);
            Registries rb = new Registries(b, options());
            Image pulled = rb.pull(ref, TransferListener.NONE);
            assertThat(pulled.names()).containsExactly(ref);
            assertThat(rb.logout(secured.host())).isTrue();
            b.remove(ref);
            assertThatThrownBy(() -> rb.pull(ref, TransferListener.NONE)).isInstanceOf(RegistryException.class)
                    .hasMessage("unauthorized: authentication required for " + secured.host()
                            + "/private/busybox: run peapod login " + secured.host());
            assertThat(b.list()).isEmpty();
        }
    }

    @Test
    void missingTagIsAClearError() {
        try (ImageStore s = store("s")) {
            assertThatThrownBy(() -> new Registries(s, options()).pull(open.host() + "/multi:nope",
                    TransferListener.NONE)).isInstanceOf(RegistryException.class)
                    .hasMessageContaining(open.host() + "/multi:nope does not exist");
            assertThat(s.list()).isEmpty();
        }
    }
}
