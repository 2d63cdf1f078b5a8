package dev.peapod.cli.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.cli.EngineCli;
import dev.peapod.cli.format.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON documents scripts read have podman 4.3.1's keys, key order and value types: each is compared with the
 * document podman printed on this kind of machine for the same objects ({@code scripts/golden-podman} made them;
 * they are under {@code src/test/resources/golden/podman-4.3.1/}). Ids, times, paths and counts are not compared.
 */
class GoldenDocumentsTest {
    @TempDir
    Path tmp;
    EngineCli cli;

    @BeforeEach
    void setUp() throws IOException {
        cli = new EngineCli(tmp);
        Path rootfs = java.nio.file.Files.createDirectories(tmp.resolve("rootfs/bin"));
        java.nio.file.Files.writeString(rootfs.resolve("sh"), "#!/bin/true\n");
        cli.ok("image", "import", "--change", "CMD [\"/bin/sh\"]", "--change", "ENV PATH=/bin",
                tmp.resolve("rootfs").toString(), "localhost/bb:latest");
        cli.ok("run", "-d", "--name", "running", "busybox", "sleep", "1000");
        cli.ok("create", "--name", "created", "busybox", "true");
        cli.ok("pod", "create", "--name", "golden-pod");
        cli.ok("network", "create", "golden-net");
        cli.ok("volume", "create", "golden-vol");
    }

    private static JsonNode golden(String name) throws IOException {
        try (InputStream in = GoldenDocumentsTest.class.getResourceAsStream("/golden/podman-4.3.1/" + name)) {
            assertThat(in).as(name).isNotNull();
            return Json.mapper().readTree(in);
        }
    }

    /** peapod's own keys, beside podman's: named here so that no other key slips in. */
    private static final Set<String> PEAPOD_KEYS = Set.of("SeccompProfilePath");

    private void assertShape(String golden, Set<String> open, String... command) throws IOException {
        String out = cli.ok(command);
        JsonNode peapod = Json.mapper().readTree(out);
        for (JsonNode n : peapod.isArray() ? peapod : List.of(peapod)) {
            if (n instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                o.remove(PEAPOD_KEYS);
            }
        }
        assertThat(JsonShape.differences(golden(golden), peapod, open)).as(String.join(" ", command) + ":\n" + out)
                .isEmpty();
    }

    @Test
    void containerInspect() throws IOException {
        assertShape("container-inspect.json", Set.of("$[].GraphDriver.Data", "$[].NetworkSettings.Networks",
                "$[].NetworkSettings.Ports", "$[].Config.Annotations", "$[].Config.Labels",
                "$[].HostConfig.PortBindings", "$[].HostConfig.Tmpfs"), "container", "inspect", "running");
        assertShape("container-inspect.json", Set.of("$[].GraphDriver.Data", "$[].NetworkSettings.Networks",
                "$[].NetworkSettings.Ports", "$[].Config.Annotations", "$[].Config.Labels",
                "$[].HostConfig.PortBindings", "$[].HostConfig.Tmpfs"), "inspect", "--type", "container", "created");
    }

    @Test
    void podInspect() throws IOException {
        assertShape("pod-inspect.json", Set.of("$.InfraConfig.PortBindings"), "pod", "inspect", "golden-pod");
    }

    @Test
    void imageInspect() throws IOException {
        assertShape("image-inspect.json", Set.of("$[].Config", "$[].GraphDriver.Data", "$[].Labels",
                "$[].Annotations", "$[].History[]"), "image", "inspect", "localhost/bb");
        assertShape("image-inspect.json", Set.of("$[].Config", "$[].GraphDriver.Data", "$[].Labels",
                "$[].Annotations", "$[].History[]"), "inspect", "--type", "image", "localhost/bb");
    }

    @Test
    void networkInspect() throws IOException {
        assertShape("network-inspect.json", Set.of("$[].ipam_options"), "network", "inspect", "golden-net");
        assertShape("network-inspect.json", Set.of("$[].ipam_options"), "inspect", "--type", "network",
                "golden-net");
    }

    @Test
    void volumeInspect() throws IOException {
        assertShape("volume-inspect.json", Set.of("$[].Labels", "$[].Options"), "volume", "inspect", "golden-vol");
        assertShape("volume-inspect.json", Set.of("$[].Labels", "$[].Options"), "inspect", "--type", "volume",
                "golden-vol");
        assertShape("volume-inspect.json", Set.of("$[].Labels", "$[].Options"), "inspect", "golden-vol");
    }

    @Test
    void info() throws IOException {
        assertShape("info.json", Set.of("$.store.graphStatus", "$.store.graphOptions", "$.registries"),
                "info", "--format", "json");
    }

    @Test
    void version() throws IOException {
        assertShape("version.json", Set.of(), "version", "--format", "json");
    }

    @Test
    void ps() throws IOException {
        assertShape("ps.json", Set.of("$[].Labels", "$[].Namespaces"), "ps", "-a", "--format", "json");
    }

    @Test
    void podPs() throws IOException {
        assertShape("pod-ps.json", Set.of("$[].Labels"), "pod", "ps", "--format", "json");
    }
}
