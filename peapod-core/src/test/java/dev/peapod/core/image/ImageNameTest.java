package dev.peapod.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The name a container records for the image its reference chose (podman's ImageName). */
class ImageNameTest {
    private static final String ID = "a".repeat(64);

    private static Image image(String... names) {
        return new Image(ID, List.of(names), "sha256:" + "b".repeat(64), Instant.EPOCH, 0, null, List.of());
    }

    @Test
    void theNameTheReferenceChoseNotTheFirst() {
        Image twoNames = image("localhost/peapod-infra:latest", "127.0.0.1:5000/tools/infra:1");
        assertThat(twoNames.nameFor("127.0.0.1:5000/tools/infra:1")).isEqualTo("127.0.0.1:5000/tools/infra:1");
        assertThat(twoNames.nameFor("peapod-infra")).isEqualTo("localhost/peapod-infra:latest");
    }

    @Test
    void anIdGivesTheFirstNameOrTheIdOfAnUnnamedImage() {
        assertThat(image("localhost/x:1", "localhost/y:2").nameFor(ID)).isEqualTo("localhost/x:1");
        assertThat(image("localhost/x:1").nameFor(ID.substring(0, 12))).isEqualTo("localhost/x:1");
        assertThat(image().nameFor(ID)).isEqualTo(ID);
    }
}
