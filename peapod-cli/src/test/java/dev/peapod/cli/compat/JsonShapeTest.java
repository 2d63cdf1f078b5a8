package dev.peapod.cli.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.cli.format.Json;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shape comparison the golden tests rest on must notice each kind of difference. */
class JsonShapeTest {
    private static JsonNode j(String s) throws Exception {
        return Json.mapper().readTree(s);
    }

    @Test
    void sameShapeDifferentValuesAgree() throws Exception {
        assertThat(JsonShape.differences(j("{\"A\":1,\"B\":[{\"C\":\"x\"}],\"D\":null}"),
                j("{\"A\":2,\"B\":[{\"C\":\"y\"}],\"D\":\"anything\"}"), Set.of())).isEmpty();
    }

    @Test
    void missingExtraReorderedAndRetypedKeysAreReported() throws Exception {
        assertThat(JsonShape.differences(j("{\"A\":1,\"B\":2}"), j("{\"A\":1}"), Set.of()))
                .containsExactly("$: keys differ; missing [B]");
        assertThat(JsonShape.differences(j("{\"A\":1}"), j("{\"A\":1,\"Z\":0}"), Set.of()))
                .containsExactly("$: keys differ; extra [Z]");
        assertThat(JsonShape.differences(j("{\"A\":1,\"B\":2}"), j("{\"B\":2,\"A\":1}"), Set.of()))
                .containsExactly("$: keys differ; order [B, A], podman [A, B]");
        assertThat(JsonShape.differences(j("{\"A\":\"1\"}"), j("{\"A\":1}"), Set.of()))
                .containsExactly("$.A: number, podman has a string");
        assertThat(JsonShape.differences(j("{\"A\":\"\"}"), j("{\"A\":null}"), Set.of()))
                .containsExactly("$.A: null, podman has a string");
        assertThat(JsonShape.differences(j("[{\"A\":{\"B\":true}}]"), j("[{\"A\":{\"B\":\"true\"}}]"), Set.of()))
                .containsExactly("$[].A.B: string, podman has a boolean");
    }

    @Test
    void openMapsCompareNoKeysButNilSlicesMayBeEmpty() throws Exception {
        assertThat(JsonShape.differences(j("{\"L\":{\"a\":\"b\"}}"), j("{\"L\":{\"c\":\"d\"}}"), Set.of("$.L")))
                .isEmpty();
        assertThat(JsonShape.differences(j("{\"L\":[\"a\"]}"), j("{\"L\":null}"), Set.of())).isEmpty();
        assertThat(JsonShape.differences(j("{\"L\":[\"a\"]}"), j("{\"L\":[]}"), Set.of())).isEmpty();
    }
}
