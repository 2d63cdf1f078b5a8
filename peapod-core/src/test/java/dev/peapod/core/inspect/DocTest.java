package dev.peapod.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocTest {
    @Test
    void documentsInsideMapsAndListsBecomeMapsSoEveryFrontEndSeesJdkTypesOnly() {
        Map<String, Object> networks = new LinkedHashMap<>();
        networks.put("a", Doc.of().put("IPAddress", "10.0.0.2"));
        Map<String, Object> ports = new LinkedHashMap<>();
        ports.put("80/tcp", List.of(Doc.of().put("HostPort", "8080")));
        Doc d = Doc.of().put("Networks", networks).put("Ports", ports).put("Inner", Doc.of().put("x", 1));
        assertThat(d.map().get("Networks")).isEqualTo(Map.of("a", Map.of("IPAddress", "10.0.0.2")));
        assertThat(d.map().get("Ports")).isEqualTo(Map.of("80/tcp", List.of(Map.of("HostPort", "8080"))));
        assertThat(d.map().get("Inner")).isEqualTo(Map.of("x", 1));
    }

    @Test
    void aMapWithoutDocumentsIsKeptAsGiven() {
        List<Object> filled = new ArrayList<>();
        Doc d = Doc.of().put("List", filled);
        filled.add("later");
        assertThat(d.map().get("List")).isSameAs(filled).isEqualTo(List.of("later"));
    }
}
