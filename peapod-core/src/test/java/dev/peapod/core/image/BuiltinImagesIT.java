package dev.peapod.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.sys.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds the builtin images from the machine's busybox-static and catatonit, and runs busybox in a chroot. */
class BuiltinImagesIT {
    @TempDir
    Path tmp;
    ImageStore store;
    ContainerStorage storage;
    String container;

    @AfterEach
    void tearDown() {
        if (container != null) {
            storage.remove(container);
        }
        if (store != null) {
            store.close();
        }
        dev.peapod.core.testing.TestDirs.emptyDir(tmp);
    }

    @Test
    void busyboxIsBuiltOnceAndDeterministically() throws IOException {
        store = ImageStore.open(tmp.resolve("a"));
        Image first = BuiltinImages.ensure(store, BuiltinImages.BUSYBOX);
        assertThat(first.names()).containsExactly(BuiltinImages.BUSYBOX);
        assertThat(first.config().cmd()).containsExactly("sh");
        assertThat(first.config().env()).anyMatch(e -> e.startsWith("PATH="));
        assertThat(first.created()).isEqualTo(BuiltinImages.EPOCH);
        assertThat(BuiltinImages.ensure(store, "busybox").id()).isEqualTo(first.id());
        assertThat(store.list()).hasSize(1);

        Path layer = store.layerDirs(first.id()).getFirst();
        assertThat(Files.mismatch(layer.resolve("bin/busybox"), Path.of("/bin/busybox"))).isEqualTo(-1);
        assertThat(Files.readSymbolicLink(layer.resolve("bin/sh"))).isEqualTo(Path.of("/bin/busybox"));
        assertThat(Files.getAttribute(layer.resolve("tmp"), "unix:mode")).isEqualTo(041777);
        assertThat(layer.resolve("etc/passwd")).content().startsWith("root:x:0:0:");
        assertThat(layer.resolve("etc/group")).content().contains("nogroup:x:65534:");
        assertThat(Files.getLastModifiedTime(layer.resolve("etc/passwd")).toInstant()).isEqualTo(BuiltinImages.EPOCH);

        store.remove(first.id());
        assertThat(BuiltinImages.ensure(store, BuiltinImages.BUSYBOX).id()).isEqualTo(first.id());
        try (ImageStore other = ImageStore.open(tmp.resolve("b"))) {
            assertThat(BuiltinImages.ensure(other, BuiltinImages.BUSYBOX).id()).isEqualTo(first.id());
        }
    }

    @Test
    void busyboxRunsInItsMountedRootfs() {
        store = ImageStore.open(tmp.resolve("run"));
        storage = new ContainerStorage(tmp.resolve("run"), store);
        Image img = BuiltinImages.ensure(store, BuiltinImages.BUSYBOX);
        container = dev.peapod.core.define.Ids.newId();
        Path merged = storage.mount(container, img.id());
        ProcessRunner.Result r = ProcessRunner.system().run(List.of("chroot", merged.toString(), "/bin/sh", "-c",
                "echo hello from $(whoami) > /tmp/out; cat /tmp/out; ls /usr/bin | grep -c ."), Duration.ofSeconds(30))
                .requireSuccess("running busybox in the image");
        assertThat(r.stdout()).startsWith("hello from root\n");
        assertThat(Integer.parseInt(r.stdout().lines().toList().get(1).strip())).isGreaterThan(10);
        assertThat(tmp.resolve("run/overlay-containers/" + container + "/diff/tmp/out")).hasContent("hello from root\n");
    }

    @Test
    void infraFollowsPodmansPauseImage() throws IOException {
        store = ImageStore.open(tmp.resolve("infra"));
        Image infra = BuiltinImages.ensure(store, BuiltinImages.INFRA);
        assertThat(infra.names()).containsExactly(BuiltinImages.INFRA);
        assertThat(infra.config().entrypoint()).containsExactly("/catatonit", "-P");
        assertThat(infra.config().cmd()).isEmpty();
        Path layer = store.layerDirs(infra.id()).getFirst();
        assertThat(Files.mismatch(layer.resolve("catatonit"), Path.of("/usr/bin/catatonit"))).isEqualTo(-1);
        assertThat(Files.getAttribute(layer.resolve("catatonit"), "unix:mode")).isEqualTo(0100755);
        assertThat(BuiltinImages.ensure(store, "peapod-infra").id()).isEqualTo(infra.id());
    }

    @Test
    void unknownBuiltinsAndMissingBinariesAreClearErrors() {
        store = ImageStore.open(tmp.resolve("err"));
        assertThatThrownBy(() -> BuiltinImages.ensure(store, "alpine")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining(BuiltinImages.BUSYBOX);
        assertThatThrownBy(() -> BuiltinImages.requireStatic(tmp.resolve("nope"), "busybox-static"))
                .isInstanceOf(PeapodException.class).hasMessageContaining("apt-get install busybox-static");
        assertThatThrownBy(() -> BuiltinImages.requireStatic(Path.of("/usr/bin/env"), "busybox-static"))
                .isInstanceOf(PeapodException.class).hasMessageContaining("not a statically linked");
        assertThat(BuiltinImages.requireStatic(Path.of("/bin/busybox"), "busybox-static")).isNotNull();
    }
}
