package dev.peapod.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real overlay mounts (needs root). */
class ContainerStorageIT {
    @TempDir
    Path tmp;
    Path root;
    ImageStore store;
    ContainerStorage storage;
    final List<String> containers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        root = tmp.resolve("storage");
        store = ImageStore.open(root);
        storage = new ContainerStorage(root, store);
    }

    @AfterEach
    void tearDown() {
        for (String c : containers) {
            try {
                storage.remove(c);
            } catch (RuntimeException e) {
                Path merged = root.resolve("overlay-containers/" + c + "/merged");
                try {
                    dev.peapod.core.sys.Libc.umount2(merged.toString(), dev.peapod.core.sys.Libc.MNT_DETACH);
                } catch (RuntimeException ignored) {
                    // already gone
                }
            }
        }
        store.close();
        dev.peapod.core.testing.TestDirs.emptyDir(tmp);
    }

    private String container() {
        String id = dev.peapod.core.define.Ids.newId();
        containers.add(id);
        return id;
    }

    static List<String> mountinfoLinesFor(Path p) throws IOException {
        String target = p.toString();
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> l.split(" ")[4].equals(target)).toList();
    }

    @Test
    void mountWriteUnmountRemount() throws IOException {
        Image img = store.importRootfs(writeTar(new TarBuilder().dir("etc", 0755).file("etc/os-release", "ID=lower\n")
                .build()), "base", null);
        Path lower = store.layerDirs(img.id()).getFirst();
        String c = container();
        Path merged = storage.mount(c, img.id());
        assertThat(storage.isMounted(c)).isTrue();
        assertThat(mountinfoLinesFor(merged)).hasSize(1).allMatch(l -> l.contains(" - overlay overlay "));
        assertThat(merged.resolve("etc/os-release")).hasContent("ID=lower\n");

        Files.writeString(merged.resolve("new.txt"), "written in merged");
        Files.writeString(merged.resolve("etc/os-release"), "ID=changed\n");
        Path upper = root.resolve("overlay-containers/" + c + "/diff");
        assertThat(upper.resolve("new.txt")).hasContent("written in merged");
        assertThat(upper.resolve("etc/os-release")).hasContent("ID=changed\n");
        assertThat(lower.resolve("new.txt")).doesNotExist();
        assertThat(lower.resolve("etc/os-release")).hasContent("ID=lower\n");

        assertThat(storage.mount(c, img.id())).isEqualTo(merged);
        assertThat(mountinfoLinesFor(merged)).hasSize(1);

        storage.unmount(c);
        assertThat(mountinfoLinesFor(merged)).isEmpty();
        assertThat(storage.isMounted(c)).isFalse();
        assertThat(merged.resolve("new.txt")).doesNotExist();
        storage.unmount(c);

        storage.mount(c, img.id());
        assertThat(merged.resolve("new.txt")).hasContent("written in merged");
        assertThatThrownBy(() -> storage.mount(c, "0".repeat(64))).isInstanceOf(InvalidArgumentException.class);

        assertThatThrownBy(() -> store.remove(img.id())).isInstanceOf(dev.peapod.core.define.InUseException.class)
                .hasMessageContaining(c.substring(0, 12));
        Path userdata = storage.containerDir(c);
        Files.writeString(userdata.resolve("hosts"), "127.0.0.1 localhost\n");
        storage.remove(c);
        assertThat(mountinfoLinesFor(merged)).isEmpty();
        assertThat(root.resolve("overlay-containers/" + c)).doesNotExist();
        storage.remove(c);
        store.remove(img.id());
        assertThat(store.list()).isEmpty();
    }

    @Test
    void busyMountIsDetached() throws IOException {
        Image img = store.importRootfs(writeTar(new TarBuilder().file("f", "x").build()), "busy", null);
        String c = container();
        Path merged = storage.mount(c, img.id());
        try (FileChannel open = FileChannel.open(merged.resolve("f"), StandardOpenOption.READ)) {
            storage.unmount(c);
            assertThat(storage.isMounted(c)).isFalse();
            assertThat(mountinfoLinesFor(merged)).isEmpty();
            assertThat(open.size()).isEqualTo(1);
        }
    }

    @Test
    void whiteoutsAndOpaqueDirectoriesHideLowerEntries() throws IOException {
        byte[] lower = new TarBuilder().dir("etc", 0755).file("etc/motd", "old").dir("var/cache", 0755)
                .file("var/cache/a", "a").file("keep/x", "x").build();
        byte[] upper = new TarBuilder().dir("etc", 0755).file("etc/.wh.motd", "").dir("var/cache", 0755)
                .file("var/cache/.wh..wh..opq", "").file("var/cache/b", "b").build();
        Image img = store.load(new ArchiveBuilder().layer(lower).layer(upper).writeOci(tmp.resolve("wh.tar"), "wh:1"))
                .getFirst();
        String c = container();
        Path merged = storage.mount(c, img.id());
        assertThat(merged.resolve("etc/motd")).doesNotExist();
        assertThat(merged.resolve("etc")).isDirectory();
        try (Stream<Path> s = Files.list(merged.resolve("var/cache"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("b");
        }
        assertThat(merged.resolve("keep/x")).hasContent("x");
        assertThat(store.layerDirs(img.id()).getFirst().resolve("etc/motd")).hasContent("old");
    }

    @Test
    void manyLayersUseShortLinksAndTooManyIsAClearError() throws IOException {
        ArchiveBuilder many = new ArchiveBuilder();
        for (int i = 0; i < 60; i++) {
            many.layer(new TarBuilder().file("f" + i, "layer " + i).file("which", Integer.toString(i)).build());
        }
        Image img = store.load(many.writeOci(tmp.resolve("many.tar"), "many:1")).getFirst();
        int longOptions = store.layerDirs(img.id()).stream().mapToInt(p -> p.toString().length() + 1).sum();
        assertThat(longOptions).as("absolute layer paths alone exceed a page").isGreaterThan(4096);
        String c = container();
        Path merged = storage.mount(c, img.id());
        assertThat(merged.resolve("f0")).hasContent("layer 0");
        assertThat(merged.resolve("f59")).hasContent("layer 59");
        assertThat(merged.resolve("which")).hasContent("59");
        storage.unmount(c);

        ArchiveBuilder tooMany = new ArchiveBuilder();
        for (int i = 0; i < 250; i++) {
            tooMany.layer(new TarBuilder().file("g" + i, "g").build());
        }
        Image big = store.load(tooMany.writeOci(tmp.resolve("toomany.tar"), "toomany:1")).getFirst();
        String c2 = container();
        assertThatThrownBy(() -> storage.mount(c2, big.id())).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("250 layers").hasMessageContaining("limit");
        assertThat(storage.isMounted(c2)).isFalse();
    }

    @Test
    void badContainerIdsAndMismatchedRootsAreRefused() {
        assertThatThrownBy(() -> new ContainerStorage(tmp.resolve("elsewhere"), store))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("one storage root");
        assertThatThrownBy(() -> storage.containerDir("../escape")).isInstanceOf(InvalidArgumentException.class);
    }

    private Path writeTar(byte[] tar) throws IOException {
        return Files.write(Files.createTempFile(tmp, "layer", ".tar"), tar);
    }

    /** A process killed while recording the container's image left an empty record: the next mount still works. */
    @Test
    void emptyImageRecordFromACrashIsRewrittenButAnotherImageIsRefused() throws IOException {
        Image img = store.importRootfs(writeTar(new TarBuilder().dir("etc", 0755).build()), "crash", null);
        String c = container();
        Path base = Files.createDirectories(root.resolve("overlay-containers/" + c));
        Files.writeString(base.resolve(ContainerStorage.IMAGE_FILE), "");
        Path merged = storage.mount(c, img.id());
        assertThat(storage.isMounted(c)).isTrue();
        assertThat(base.resolve(ContainerStorage.IMAGE_FILE)).hasContent(img.id());
        storage.unmount(c);
        assertThat(merged).isDirectory();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> storage.mount(c, "f".repeat(64)))
                .isInstanceOf(dev.peapod.core.define.InvalidArgumentException.class).hasMessageContaining("from image");
    }
}
