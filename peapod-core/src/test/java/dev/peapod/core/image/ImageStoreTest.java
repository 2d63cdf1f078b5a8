package dev.peapod.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchImageException;
import dev.peapod.core.define.StateCorruptException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {
    @TempDir
    Path tmp;
    Path root;
    ImageStore store;

    static final byte[] BASE = new TarBuilder().dir("bin", 0755).file("bin/hello", "hello", 0755, 0, 0)
            .dir("etc", 0755).file("etc/os-release", "ID=test\n").build();
    static final byte[] TOP = new TarBuilder().dir("etc", 0755).file("etc/motd", "welcome\n").build();

    @BeforeEach
    void open() {
        root = tmp.resolve("storage");
        store = ImageStore.open(root);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Path gzTarball(byte[] tar) throws IOException {
        Path p = Files.createTempFile(tmp, "rootfs", ".tar.gz");
        try (OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(p))) {
            out.write(tar);
        }
        return p;
    }

    private static ImageConfig cmd(String... c) {
        return new ImageConfig(List.of("PATH=/bin"), List.of(), List.of(c), "/", "", Map.of("a", "b"), "SIGTERM");
    }

    private long layerCount() throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("overlay"))) {
            return s.filter(p -> p.getFileName().toString().length() == 64).count();
        }
    }

    @Test
    void importTarballAndResolveEveryWay() throws IOException {
        Image img = store.importRootfs(gzTarball(BASE), "myimg", cmd("sh"));
        assertThat(img.names()).containsExactly("localhost/myimg:latest");
        assertThat(img.diffIds()).containsExactly(Digest.sha256(BASE).toString());
        assertThat(img.size()).isEqualTo(BASE.length);
        assertThat(img.config().cmd()).containsExactly("sh");
        assertThat(img.config().labels()).containsEntry("a", "b");
        assertThat(img.id()).isEqualTo(Digest.sha256(store.blob(Digest.ofHex(img.id()).toString())).hex());
        assertThat(Digest.sha256(store.blob(img.digest())).toString()).isEqualTo(img.digest());
        for (String q : List.of("myimg", "myimg:latest", "localhost/myimg", "localhost/myimg:latest", img.id(),
                "sha256:" + img.id(), img.id().substring(0, 12), img.id().substring(0, 3), "myimg@" + img.digest())) {
            assertThat(store.resolve(q).id()).as(q).isEqualTo(img.id());
        }
        assertThat(store.find("other")).isEmpty();
        assertThat(store.find("myimg:v2")).isEmpty();
        assertThatThrownBy(() -> store.resolve("nope")).isInstanceOf(NoSuchImageException.class)
                .hasMessage("nope: image not known");
        List<Path> dirs = store.layerDirs(img.id());
        assertThat(dirs).hasSize(1);
        assertThat(dirs.getFirst().resolve("bin/hello")).hasContent("hello");
        assertThat(Files.getAttribute(dirs.getFirst().resolve("bin/hello"), "unix:mode")).isEqualTo(0100755);
    }

    @Test
    void importDirectory() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("rootfs/etc"));
        Files.writeString(dir.resolve("hostname"), "box\n");
        Files.createSymbolicLink(tmp.resolve("rootfs/link"), Path.of("/etc/hostname"));
        Files.createLink(tmp.resolve("rootfs/hard"), dir.resolve("hostname"));
        Image img = store.importRootfs(tmp.resolve("rootfs"), "localhost/fromdir:1", null);
        Path layer = store.layerDirs(img.id()).getFirst();
        assertThat(layer.resolve("etc/hostname")).hasContent("box\n");
        assertThat(Files.readSymbolicLink(layer.resolve("link"))).isEqualTo(Path.of("/etc/hostname"));
        assertThat(Files.isSameFile(layer.resolve("hard"), layer.resolve("etc/hostname"))).isTrue();
        assertThat(store.resolve("fromdir:1").id()).isEqualTo(img.id());
    }

    @Test
    void badImportInputsAreClearErrors() {
        assertThatThrownBy(() -> store.importRootfs(tmp.resolve("missing.tar"), "x", null))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("missing.tar");
        assertThatThrownBy(() -> store.importRootfs(tmp, "Bad Name", null))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("\"Bad Name\"");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void shortNamesMatchAnyRegistryAndAmbiguityIsAnError() throws IOException {
        Image a = store.importRootfs(gzTarball(BASE), "docker.io/library/foo:latest", cmd("a"));
        assertThat(store.resolve("foo").id()).isEqualTo(a.id());
        assertThat(store.resolve("library/foo").id()).isEqualTo(a.id());
        Image b = store.importRootfs(gzTarball(BASE), "quay.io/foo:latest", cmd("b"));
        assertThatThrownBy(() -> store.resolve("foo")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("ambiguous").hasMessageContaining("quay.io/foo:latest");
        assertThat(store.resolve("quay.io/foo").id()).isEqualTo(b.id());
        assertThat(a.diffIds()).isEqualTo(b.diffIds());
        assertThat(layerCount()).isEqualTo(1);
    }

    @Test
    void tagMovesANameAndUntagDropsIt() throws IOException {
        Image a = store.importRootfs(gzTarball(BASE), "a", cmd("a"));
        Image b = store.importRootfs(gzTarball(BASE), "b", cmd("b"));
        store.tag("a", "shared:1");
        assertThat(store.resolve("shared:1").id()).isEqualTo(a.id());
        store.tag(b.id().substring(0, 10), "localhost/shared:1");
        assertThat(store.resolve("shared:1").id()).isEqualTo(b.id());
        assertThat(store.resolve(a.id()).names()).containsExactly("localhost/a:latest");
        store.untag("shared:1");
        assertThat(store.find("shared:1")).isEmpty();
        assertThat(store.resolve(b.id()).names()).containsExactly("localhost/b:latest");
        assertThatThrownBy(() -> store.tag("a", "x@sha256:" + "1".repeat(64))).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> store.tag("zzz", "y")).isInstanceOf(NoSuchImageException.class);
    }

    @Test
    void removeKeepsSharedLayersAndDeletesTheRest() throws IOException {
        Image a = store.importRootfs(gzTarball(BASE), "a", cmd("a"));
        Image b = store.load(new ArchiveBuilder().layer(BASE).layer(TOP).writeOci(tmp.resolve("b.tar"), "b:1")).getFirst();
        assertThat(b.diffIds().getFirst()).isEqualTo(a.diffIds().getFirst());
        assertThat(layerCount()).isEqualTo(2);
        store.remove("a");
        assertThat(store.find("a")).isEmpty();
        assertThat(layerCount()).isEqualTo(2);
        assertThat(store.layerDirs(b.id())).allMatch(Files::isDirectory);
        assertThat(root.resolve("images/blobs/sha256/" + a.id())).doesNotExist();
        store.remove(b.id());
        assertThat(store.list()).isEmpty();
        assertThat(layerCount()).isZero();
        try (Stream<Path> s = Files.list(root.resolve("images/blobs/sha256"))) {
            assertThat(s.toList()).isEmpty();
        }
        try (Stream<Path> s = Files.list(root.resolve("tmp"))) {
            assertThat(s.toList()).isEmpty();
        }
        assertThatThrownBy(() -> store.remove("a")).isInstanceOf(NoSuchImageException.class);
    }

    @Test
    void loadOciArchive() throws IOException {
        ArchiveBuilder ab = new ArchiveBuilder().layer(BASE).layer(TOP);
        Path archive = ab.writeOci(tmp.resolve("oci.tar"), "example.com/team/app:2.0");
        List<Image> loaded = store.load(archive);
        assertThat(loaded).hasSize(1);
        Image img = loaded.getFirst();
        assertThat(img.names()).containsExactly("example.com/team/app:2.0");
        assertThat(img.digest()).isEqualTo(ab.manifestDigest);
        assertThat(img.id()).isEqualTo(Digest.sha256(ab.config()).hex());
        assertThat(img.config().env()).containsExactly("PATH=/bin", "FOO=bar");
        assertThat(img.config().workingDir()).isEqualTo("/work");
        assertThat(img.config().stopSignal()).isEqualTo("SIGINT");
        assertThat(img.config().labels()).containsEntry("made.by", "test");
        assertThat(img.created()).isEqualTo(java.time.Instant.parse("2023-05-06T07:08:09Z"));
        assertThat(img.size()).isEqualTo(BASE.length + TOP.length);
        List<Path> dirs = store.layerDirs(img.id());
        assertThat(dirs.get(0).resolve("etc/os-release")).exists();
        assertThat(dirs.get(1).resolve("etc/motd")).hasContent("welcome\n");
        assertThat(store.load(archive).getFirst().id()).isEqualTo(img.id());
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void loadDockerArchiveWithDockerNames() throws IOException {
        Path archive = new ArchiveBuilder().plainLayers().layer(BASE).cmd("echo", "hi")
                .writeDocker(tmp.resolve("docker.tar"), "busybox:latest", "quay.io/x/y:1");
        Image img = store.load(archive).getFirst();
        assertThat(img.names()).containsExactly("docker.io/library/busybox:latest", "quay.io/x/y:1");
        assertThat(img.config().cmd()).containsExactly("echo", "hi");
        assertThat(store.resolve("busybox").id()).isEqualTo(img.id());
        assertThat(Digest.sha256(store.blob(img.digest())).toString()).isEqualTo(img.digest());
    }

    @Test
    void corruptArchivesLeaveTheStoreUnchanged() throws IOException {
        Path bad = new ArchiveBuilder().layer(BASE).corruptDiffId().writeOci(tmp.resolve("bad.tar"), "bad:1");
        assertThatThrownBy(() -> store.load(bad)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("digest");
        Path junk = Files.writeString(tmp.resolve("junk.tar"), "not an archive");
        assertThatThrownBy(() -> store.load(junk)).isInstanceOf(InvalidArgumentException.class);
        Path empty = new ArchiveBuilder().layer(BASE).writeDocker(tmp.resolve("d.tar"));
        Files.delete(empty);
        assertThatThrownBy(() -> store.load(empty)).isInstanceOf(InvalidArgumentException.class);
        assertThat(store.list()).isEmpty();
        assertThat(layerCount()).isZero();
        try (Stream<Path> s = Files.list(root.resolve("tmp"))) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void indexSurvivesReopenAndCorruptionIsReported() throws IOException {
        Image a = store.importRootfs(gzTarball(BASE), "a", cmd("a"));
        try (ImageStore again = ImageStore.open(root)) {
            assertThat(again.resolve("a")).isEqualTo(a);
        }
        Files.writeString(root.resolve("images/images.json"), "{ broken");
        assertThatThrownBy(() -> store.list()).isInstanceOf(StateCorruptException.class)
                .hasMessageContaining("images.json");
    }
}
