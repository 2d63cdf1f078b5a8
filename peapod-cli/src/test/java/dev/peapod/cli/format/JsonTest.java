package dev.peapod.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.inspect.Doc;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void aDocumentKeepsItsFieldOrderAndAMapIsWrittenWithSortedKeysAsGoWritesThem() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("zz", "1");
        labels.put("aa", "2");
        labels.put("mm", "3");
        Doc d = Doc.of().put("Name", "x").put("Labels", labels).put("Config", Doc.of().put("Z", 1).put("A", 2))
                .put("Created", Doc.ZERO_TIME);
        assertThat(Json.compact(d.map())).isEqualTo("{\"Name\":\"x\",\"Labels\":{\"aa\":\"2\",\"mm\":\"3\",\"zz\":\"1\"},"
                + "\"Config\":{\"Z\":1,\"A\":2},\"Created\":\"0001-01-01T00:00:00Z\"}");
        assertThat(Json.pretty(Map.of("b", Doc.of(), "a", Map.of()), "  ")).isEqualTo("{\n  \"a\": {},\n  \"b\": {}\n}");
    }
}
