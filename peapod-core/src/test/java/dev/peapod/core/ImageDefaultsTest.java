package dev.peapod.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerStorageDriver;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.Signal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one path by which a container takes its image's defaults: what the config leaves empty, and only that. */
class ImageDefaultsTest {
    private static ContainerStorageDriver imageWith(ContainerStorageDriver.ImageSpec spec) {
        return new ContainerStorageDriver() {
            @Override
            public ImageSpec resolveImage(String reference) {
                return spec;
            }

            @Override
            public Path mount(String containerId, String imageId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void unmount(String containerId) {
            }

            @Override
            public Path containerDir(String containerId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void remove(String containerId) {
            }
        };
    }

    private static final ContainerStorageDriver IMAGE = imageWith(new ContainerStorageDriver.ImageSpec("abc",
            "localhost/app:latest", List.of("A=image", "C=3", "PATH=/opt/bin"), List.of("/entry"), List.of("arg"),
            "/work", "www", "SIGINT"));

    @Test
    void theConfigsEnvWinsPerKeyAndTheImagesIsKept() {
        ContainerConfig c = ImageDefaults.apply(IMAGE, ContainerConfig.builder().image("app")
                .env(List.of("A=config", "B=2")).build());
        assertThat(c.env()).contains("A=config", "B=2", "C=3", "PATH=/opt/bin").doesNotContain("A=image");
        assertThat(c.imageId()).isEqualTo("abc");
        assertThat(c.image()).isEqualTo("localhost/app:latest");
    }

    @Test
    void cwdUserEntrypointAndStopSignalComeFromTheImageOnlyWhereTheConfigHasNone() {
        ContainerConfig fromImage = ImageDefaults.apply(IMAGE, ContainerConfig.builder().image("app").build());
        assertThat(fromImage.workingDir()).isEqualTo("/work");
        assertThat(fromImage.user()).isEqualTo("www");
        assertThat(fromImage.args()).containsExactly("/entry", "arg");
        assertThat(fromImage.stopSignal()).isEqualTo(Signal.parse("SIGINT").number());

        ContainerConfig own = ImageDefaults.apply(IMAGE, ContainerConfig.builder().image("app").workingDir("/srv")
                .user("nobody").command(List.of("true")).build());
        assertThat(own.workingDir()).isEqualTo("/srv");
        assertThat(own.user()).isEqualTo("nobody");
        assertThat(own.args()).containsExactly("/entry", "true");
    }

    @Test
    void nothingToRunIsRefused() {
        ContainerStorageDriver bare = imageWith(new ContainerStorageDriver.ImageSpec("abc", "localhost/bare:latest",
                List.of(), List.of(), List.of(), "", "", ""));
        assertThatThrownBy(() -> ImageDefaults.apply(bare, ContainerConfig.builder().image("bare").build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("give a command");
    }
}
