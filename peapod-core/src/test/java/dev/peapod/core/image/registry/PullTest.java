package dev.peapod.core.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.NoSuchImageException;
import dev.peapod.core.image.Digest;
import dev.peapod.core.image.Image;
import dev.peapod.core.image.ImageStore;
import dev.peapod.core.image.registry.FakeRegistry.Fault;
import dev.peapod.core.image.registry.RegistryOptions.Credentials;
import dev.peapod.core.testing.TestDirs;
import dev.peapod.core.testing.TestProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulls from {@link FakeRegistry}: negotiation, auth, and every bad answer leaving the store as it was. */
class PullTest {
    @TempDir
    Path tmp;
    FakeRegistry reg;
    ImageStore store;
    Registries registries;
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() throws Exception {
        reg = new FakeRegistry();
        store = ImageStore.open(tmp.resolve("store"));
        Files.writeString(tmp.resolve("registries.conf"), "unqualified-search-registries = [\"" + reg.host() + "\"]\n");
        registries = new Registries(store, options());
    }

    private RegistryOptions options() {
        return RegistryOptions.defaults().withRegistriesConf(tmp.resolve("registries.conf"))
                .withAuthFile(tmp.resolve("auth.json")).withTlsVerify(false)
                .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(2));
    }

    @AfterEach
    void tearDown() {
        reg.close();
        store.close();
        TestDirs.deleteTree(tmp.resolve("store"));
    }

    private final TransferListener recorder = new TransferListener() {
        @Override
        public void blobSkipped(String digest) {
            events.add("skip " + digest);
        }

        @Override
        public void blobDone(String digest) {
            events.add("done " + digest);
        }

        @Override
        public void blobRetrying(String digest, int attempt, String reason) {
            events.add("retry " + digest + " " + attempt);
        }
    };

    private FakeRegistry.Pushed twoLayers(String repo, String tag, String second) {
        return reg.image(repo, tag, List.of(FakeRegistry.tar("etc/one", "1"), FakeRegistry.tar("etc/two", second)),
                List.of("gzip", "zstd"), "linux", "amd64");
    }

    private void assertStoreUntouched() throws Exception {
        assertThat(store.list()).isEmpty();
        try (Stream<Path> s = Files.list(store.root().resolve("tmp"))) {
            assertThat(s.toList()).as("staging leftovers").isEmpty();
        }
        try (Stream<Path> s = Files.list(store.root().resolve("overlay"))) {
            assertThat(s.toList()).as("layers").isEmpty();
        }
    }

    @Test
    void pullsGzipAndZstdLayersByShortNameAndVerifiesEverything() throws Exception {
        FakeRegistry.Pushed p = twoLayers("app", "1", "2");
        Image img = registries.pull("app:1", recorder);
        assertThat(img.id()).isEqualTo(p.configDigest().substring(7));
        assertThat(img.digest()).isEqualTo(p.manifestDigest());
        assertThat(img.names()).containsExactly(reg.host() + "/app:1");
        assertThat(img.diffIds()).isEqualTo(p.diffIds());
        List<Path> dirs = store.layerDirs(img.id());
        assertThat(dirs.get(0).resolve("etc/one")).hasContent("1");
        assertThat(dirs.get(1).resolve("etc/two")).hasContent("2");
        assertThat(store.find("app:1")).contains(img);
        try (Stream<Path> s = Files.list(store.root().resolve("tmp"))) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void sharedLayersAreFetchedOnceAndStoredOnce() {
        FakeRegistry.Pushed a = twoLayers("a", "latest", "A");
        FakeRegistry.Pushed b = twoLayers("b", "latest", "B");
        registries.pull(reg.host() + "/a", recorder);
        registries.pull(reg.host() + "/b", recorder);
        assertThat(a.layerDigests().get(0)).isEqualTo(b.layerDigests().get(0));
        assertThat(reg.blobGets(a.layerDigests().get(0))).isEqualTo(1);
        assertThat(events).contains("skip " + a.layerDigests().get(0));
        assertThat(store.layerDirs(store.resolve(reg.host() + "/a").id()).get(0))
                .isEqualTo(store.layerDirs(store.resolve(reg.host() + "/b").id()).get(0));
    }

    @Test
    void pullByDigestAndIndexChoosesLinuxAmd64() {
        FakeRegistry.Pushed arm = reg.image("multi", null, List.of(FakeRegistry.tar("arch", "arm64")), List.of("gzip"),
                "linux", "arm64");
        FakeRegistry.Pushed amd = reg.image("multi", null, List.of(FakeRegistry.tar("arch", "amd64")), List.of("gzip"),
                "linux", "amd64");
        String idx = reg.index("multi", "latest", List.of(arm, amd), List.of("linux/arm64", "linux/amd64"),
                RegistryClient.DOCKER_LIST);
        Image img = registries.pull(reg.host() + "/multi", recorder);
        assertThat(img.digest()).isEqualTo(amd.manifestDigest());
        assertThat(store.layerDirs(img.id()).getFirst().resolve("arch")).hasContent("amd64");
        Image byDigest = registries.pull(reg.host() + "/multi@" + idx, recorder);
        assertThat(byDigest.id()).isEqualTo(img.id());
        Image byManifest = registries.pull(reg.host() + "/multi@" + amd.manifestDigest(), recorder);
        assertThat(byManifest.id()).isEqualTo(img.id());
    }

    @Test
    void otherPlatformOnlyIsRefusedNamingWhatIsOffered() throws Exception {
        FakeRegistry.Pushed arm = reg.image("arm", null, List.of(FakeRegistry.tar("a", "a")), List.of("gzip"),
                "linux", "arm64");
        reg.index("arm", "latest", List.of(arm), List.of("linux/arm64"), RegistryClient.OCI_INDEX);
        assertThatThrownBy(() -> registries.pull(reg.host() + "/arm", recorder)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("no image found in manifest list for architecture amd64, OS linux")
                .hasMessageContaining("linux/arm64");
        assertStoreUntouched();
    }

    @Test
    void wrongDigestNeverReachesTheStore() throws Exception {
        FakeRegistry.Pushed p = twoLayers("bad", "latest", "x");
        reg.fault(p.layerDigests().get(1), Fault.CORRUPT);
        assertThatThrownBy(() -> registries.pull(reg.host() + "/bad", recorder)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("blob " + p.layerDigests().get(1)).hasMessageContaining("wrong content");
        assertStoreUntouched();
    }

    @Test
    void configWhoseDiffIdsDoNotMatchTheLayersIsRefused() throws Exception {
        byte[] real = FakeRegistry.tar("etc/real", "r");
        byte[] claimed = FakeRegistry.tar("etc/claimed", "c");
        byte[] gz = FakeRegistry.gzip(real);
        String layer = reg.blob(gz);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":"
                + "[\"" + Digest.sha256(claimed) + "\"]}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String cfg = reg.blob(config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + RegistryClient.OCI_MANIFEST + "\",\"config\":{"
                + "\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + cfg + "\",\"size\":"
                + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                + "\"digest\":\"" + layer + "\",\"size\":" + gz.length + "}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        reg.manifest("liar", "latest", manifest, RegistryClient.OCI_MANIFEST);
        assertThatThrownBy(() -> registries.pull(reg.host() + "/liar", recorder))
                .hasMessageContaining("the image config lists sha256:" + Digest.sha256(claimed).hex());
        assertStoreUntouched();
    }

    @Test
    void blobLongerThanDeclaredIsCutOff() throws Exception {
        FakeRegistry.Pushed p = twoLayers("long", "latest", "x");
        reg.fault(p.layerDigests().get(0), Fault.TOO_LONG);
        assertThatThrownBy(() -> registries.pull(reg.host() + "/long", recorder)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("longer than the");
        assertStoreUntouched();
    }

    @Test
    void truncatedBlobIsResumedWithRange() {
        FakeRegistry.Pushed p = twoLayers("trunc", "latest", "x".repeat(50_000));
        reg.fault(p.layerDigests().get(1), Fault.TRUNCATE_ONCE);
        Image img = registries.pull(reg.host() + "/trunc", recorder);
        assertThat(img.diffIds()).isEqualTo(p.diffIds());
        assertThat(reg.blobGets(p.layerDigests().get(1))).isEqualTo(2);
        assertThat(events).contains("retry " + p.layerDigests().get(1) + " 1");
    }

    @Test
    void blobThatAlwaysBreaksFailsAfterTheRetries() throws Exception {
        FakeRegistry.Pushed p = twoLayers("broken", "latest", "x".repeat(50_000));
        reg.fault(p.layerDigests().get(1), Fault.TRUNCATE_ALWAYS);
        assertThatThrownBy(() -> registries.pull(reg.host() + "/broken", recorder)).isInstanceOf(
                RegistryException.class).hasMessageContaining("failed 4 times");
        assertThat(reg.blobGets(p.layerDigests().get(1))).isEqualTo(4);
        assertStoreUntouched();
    }

    @Test
    void hangingServerTimesOutWithinSeconds() throws Exception {
        FakeRegistry.Pushed p = twoLayers("hang", "latest", "x".repeat(50_000));
        reg.fault(p.layerDigests().get(1), Fault.HANG);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> registries.pull(reg.host() + "/hang", recorder)).isInstanceOf(
                RegistryException.class).hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertStoreUntouched();
    }

    @Test
    void registryThatNeverAnswersAManifestTimesOut() throws Exception {
        twoLayers("silent", "latest", "x");
        reg.hangManifests(true);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> registries.pull(reg.host() + "/silent", recorder)).isInstanceOf(
                RegistryException.class).hasMessageContaining("timed out fetching manifest latest at " + reg.host());
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertStoreUntouched();
    }

    @Test
    void missingManifestOrBlobIs404WithTheName() throws Exception {
        assertThatThrownBy(() -> registries.pull(reg.host() + "/nothing:1", recorder)).isInstanceOf(
                RegistryException.class).hasMessageContaining(reg.host() + "/nothing:1 does not exist");
        FakeRegistry.Pushed p = twoLayers("noblob", "latest", "x");
        reg.fault(p.layerDigests().get(0), Fault.MISSING);
        assertThatThrownBy(() -> registries.pull(reg.host() + "/noblob", recorder)).isInstanceOf(
                RegistryException.class).hasMessageContaining("blob unknown");
        assertStoreUntouched();
    }

    @Test
    void missingManifestByDigestIsNamedWithAnAt() throws Exception {
        String digest = Digest.sha256(new byte[] {42}).toString();
        assertThatThrownBy(() -> registries.pull(reg.host() + "/nothing@" + digest, recorder)).isInstanceOf(
                RegistryException.class).hasMessageContaining(reg.host() + "/nothing@" + digest + " does not exist");
        assertStoreUntouched();
    }

    @Test
    void unauthorizedWithoutAWayInSaysToLogIn() throws Exception {
        twoLayers("priv", "latest", "x");
        reg.auth(FakeRegistry.Auth.BASIC_DENY_ALL);
        assertThatThrownBy(() -> registries.pull(reg.host() + "/priv", recorder)).isInstanceOf(
                RegistryException.class).hasMessage("unauthorized: authentication required for " + reg.host()
                        + "/priv: run peapod login " + reg.host());
        assertStoreUntouched();
    }

    @Test
    void bearerTokenFlowWithCredentialsFromTheAuthFile() throws Exception {
        twoLayers("tok", "latest", "x");
        reg.auth(FakeRegistry.Auth.BEARER);
        reg.tokenCredentials("bob", "pw");
        assertThatThrownBy(() -> registries.pull(reg.host() + "/tok", recorder)).isInstanceOf(
                RegistryException.class).hasMessageContaining("unauthorized");
        assertThatThrownBy(() -> registries.login(reg.host(), new Credentials("bob", "wrong")))
                .isInstanceOf(RegistryException.class).hasMessageContaining("refused");
        assertThat(new AuthFile(tmp.resolve("auth.json")).get(reg.host())).isEmpty();
        registries.login(reg.host(), new Credentials("bob", "pw"));
        assertThat(registries.loginUser(reg.host())).contains("bob");
        Image img = registries.pull(reg.host() + "/tok", recorder);
        assertThat(img.names()).containsExactly(reg.host() + "/tok:latest");
        assertThat(registries.logout(reg.host())).isTrue();
        assertThat(registries.loginUser(reg.host())).isEmpty();
    }

    @Test
    void shortNameTriesTheNextSearchRegistry() throws Exception {
        try (FakeRegistry second = new FakeRegistry()) {
            second.image("only2", "latest", List.of(FakeRegistry.tar("f", "2")), List.of("gzip"), "linux", "amd64");
            Files.writeString(tmp.resolve("registries.conf"), "unqualified-search-registries = [\"" + reg.host()
                    + "\", \"" + second.host() + "\"]\n");
            Image img = registries.pull("only2", recorder);
            assertThat(img.names()).containsExactly(second.host() + "/only2:latest");
        }
    }

    @Test
    void allTagsFollowsTheTagListPages() {
        twoLayers("tags", "1", "one");
        twoLayers("tags", "2", "two");
        List<Image> all = registries.pullAllTags("tags", recorder);
        assertThat(all).hasSize(2);
        assertThat(store.find(reg.host() + "/tags:1")).isPresent();
        assertThat(store.find(reg.host() + "/tags:2")).isPresent();
        assertThatThrownBy(() -> registries.pullAllTags("tags:1", recorder)).hasMessageContaining("--all-tags");
        assertThatThrownBy(() -> registries.pullAllTags(reg.host() + "/none", recorder))
                .isInstanceOf(RegistryException.class).hasMessageContaining("does not exist");
    }

    @Test
    void ensureFollowsThePullPolicy() {
        twoLayers("pol", "latest", "x");
        String ref = reg.host() + "/pol";
        assertThatThrownBy(() -> registries.ensure(ref, PullPolicy.NEVER, recorder))
                .isInstanceOf(NoSuchImageException.class).hasMessageContaining("--pull=never");
        Image img = registries.ensure(ref, PullPolicy.MISSING, recorder);
        int gets = reg.blobGets(img.digest());
        registries.ensure(ref, PullPolicy.MISSING, recorder);
        assertThat(registries.ensure(ref, PullPolicy.NEVER, recorder)).isEqualTo(img);
        assertThat(reg.blobGets(img.digest())).isEqualTo(gets);
        assertThat(registries.ensure(ref, PullPolicy.ALWAYS, recorder).id()).isEqualTo(img.id());
    }

    @Test
    void concurrentPullsInOneJvmGiveOneIntactImage() throws Exception {
        FakeRegistry.Pushed p = twoLayers("conc", "latest", "y".repeat(100_000));
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 4; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    registries.pull(reg.host() + "/conc", TransferListener.NONE);
                } catch (Throwable t) {
                    errors.add(t);
                }
            }));
        }
        for (Thread t : threads) {
            TestProcesses.join(t, java.time.Duration.ofMinutes(2));
        }
        assertThat(errors).isEmpty();
        assertThat(store.list()).hasSize(1);
        assertThat(store.layerDirs(p.configDigest().substring(7)).get(1).resolve("etc/two"))
                .hasContent("y".repeat(100_000));
    }
}
