package dev.peapod.core.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.HostConfig;
import dev.peapod.core.container.Ulimit;
import dev.peapod.core.network.PodNetworkConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceSpecTest {
    @TempDir
    Path tmp;
    final RuntimeSpecBuilder builder = new RuntimeSpecBuilder(false, Map.of(
            "RLIMIT_NOFILE", new RuntimeSpecBuilder.HostLimit(20_000, 20_000),
            "RLIMIT_NPROC", new RuntimeSpecBuilder.HostLimit(96_365, Long.MAX_VALUE)));

    private JsonNode spec(HostConfig host) {
        ContainerConfig c = ContainerConfig.builder().command("true").host(host).build();
        return builder.build(new OciRuntime.CreateRequest(c, tmp, tmp, "/peapod/" + c.id(), Map.of(), Map.of(), ""));
    }

    private static JsonNode shm(JsonNode spec) {
        for (JsonNode m : spec.get("mounts")) {
            if (m.get("destination").asText().equals("/dev/shm")) {
                return m;
            }
        }
        throw new AssertionError("no /dev/shm mount");
    }

    @Test
    void defaultsArePodmansPidsLimitAnd64MiBOfShmAndNoOtherLimit() {
        JsonNode spec = spec(HostConfig.DEFAULT);
        JsonNode res = spec.get("linux").get("resources");
        assertThat(res.get("pids").get("limit").asLong()).isEqualTo(2048);
        assertThat(res.has("memory")).isFalse();
        assertThat(res.has("cpu")).isFalse();
        assertThat(shm(spec).get("options").toString()).contains("\"size=65536k\"");
    }

    @Test
    void limitsGoIntoTheSpecAsPodmanWritesThem() {
        HostConfig host = new HostConfig(PodNetworkConfig.NONE, "", false, 64L << 20, 1.5, 100, 1 << 20,
                List.of(Ulimit.parse("nofile=100:200"), Ulimit.parse("core=-1")));
        JsonNode spec = spec(host);
        JsonNode res = spec.get("linux").get("resources");
        assertThat(res.get("memory").get("limit").asLong()).isEqualTo(64L << 20);
        assertThat(res.get("cpu").get("quota").asLong()).isEqualTo(150_000);
        assertThat(res.get("cpu").get("period").asLong()).isEqualTo(100_000);
        assertThat(res.get("pids").get("limit").asLong()).isEqualTo(100);
        assertThat(shm(spec).get("options").toString()).contains("\"size=1024k\"").doesNotContain("65536k");
        List<String> rlimits = new ArrayList<>();
        spec.get("process").get("rlimits").forEach(r -> rlimits.add(r.get("type").asText() + "="
                + r.get("soft").asText() + ":" + r.get("hard").asText()));
        assertThat(rlimits).containsExactly("RLIMIT_NPROC=4194304:4194304", "RLIMIT_NOFILE=100:200",
                "RLIMIT_CORE=18446744073709551615:18446744073709551615");
    }

    @Test
    void unlimitedPidsLeaveThePidsControllerAlone() {
        JsonNode spec = spec(new HostConfig(null, null, false, 0, 0, -1, 0, null));
        assertThat(spec.get("linux").get("resources").has("pids")).isFalse();
    }
}
