package dev.peapod.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerStorageTest {
    @TempDir
    Path tmp;

    @Test
    void mountinfoEscapesAreUndone() {
        assertThat(ContainerStorage.unescape("/a\\040b/c\\011d\\134e")).isEqualTo("/a b/c\td\\e");
        assertThat(ContainerStorage.unescape("/plain")).isEqualTo("/plain");
    }

    @Test
    void rootsThatOverlayOptionsCannotCarryAreRefused() {
        Path odd = tmp.resolve("a:b");
        try (ImageStore store = ImageStore.open(odd)) {
            assertThatThrownBy(() -> new ContainerStorage(odd, store)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("':'");
        }
    }

    @Test
    void unmountedContainerIsNotMountedAndUnmountIsIdempotent() {
        try (ImageStore store = ImageStore.open(tmp)) {
            ContainerStorage cs = new ContainerStorage(tmp, store);
            assertThat(cs.isMounted("abc")).isFalse();
            assertThat(cs.mountPoint("abc")).isEqualTo(tmp.toAbsolutePath().resolve("overlay-containers/abc/merged"));
            cs.unmount("abc");
            cs.remove("abc");
            assertThat(ContainerStorage.isMountPoint(Path.of("/proc"))).isTrue();
        }
    }
}
