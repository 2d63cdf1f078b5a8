package dev.peapod.cli.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peapod.cli.Cli;
import dev.peapod.cli.CliStore;
import dev.peapod.cli.TestNetwork;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a container takes from its image's config beyond the command, checked beside podman 4.3.1 on real parts
 * (runc under conmon, overlayfs, netavark on the default bridge): {@code -P} publishing the image's
 * {@code ExposedPorts} and {@code --expose}, the PORTS column and JSON {@code Ports} as podman prints them, and the
 * image's {@code HEALTHCHECK} unless {@code --no-healthcheck}.
 */
class ImageDefaultsCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final CliStore cli = CliStore.named("imgdef-it");

    @Test
    void publishAllPublishesTheImagesAndTheExposedPortsAndTheServerAnswers() throws Exception {
        DockerImages.busyboxWith(cli, "localhost/web:1", DockerImages.exposing("80/tcp", "53/udp"));
        // a network of the test's own: the default bridge is shared with every other test on the host
        TestNetwork network = TestNetwork.random("pubnet");
        cli.ok("network", "create", "--subnet", network.subnetPrefix() + "0/24", network.name());
        String bridge = cli.ok("network", "inspect", "--format", "{{.NetworkInterface}}", network.name()).strip();
        try {
            publishAll(network.name());
        } finally {
            cli.run("rm", "-f", "-t", "0", "web");
            cli.run("network", "rm", "-f", network.name());
        }
        network.assertGone(bridge);
        assertThat(cli.run("create", "--expose", "80/sctp", "busybox", "true").err()).contains("80/sctp");
    }

    private void publishAll(String net) throws Exception {
        cli.ok("run", "-d", "--name", "web", "--network", net, "-P", "--expose", "8080", "--expose", "9000-9001/udp",
                "localhost/web:1", "sh", "-c",
                "mkdir -p /www; echo served-by-web > /www/index.html; exec httpd -f -p 80 -h /www");
        String ports = cli.ok("ps", "--format", "{{.Ports}}").strip();
        List<String> entries = List.of(ports.split(", "));
        assertThat(entries).hasSize(5).allMatch(e -> e.matches("0\\.0\\.0\\.0:\\d+->\\d+/(tcp|udp)"));
        assertThat(entries.stream().map(e -> e.substring(e.indexOf("->") + 2)).sorted().toList())
                .containsExactly("53/udp", "80/tcp", "8080/tcp", "9000/udp", "9001/udp");
        String mapped = cli.ok("port", "web", "80/tcp").strip();
        assertThat(mapped).matches("0\\.0\\.0\\.0:\\d+");
        int hostPort = Integer.parseInt(mapped.substring(mapped.indexOf(':') + 1));
        assertThat(entries).contains("0.0.0.0:" + hostPort + "->80/tcp");
        assertThat(TestNetwork.httpGet(hostPort)).isEqualTo("served-by-web");
    }

    @Test
    void portsAreListedAsPodmanGroupsThem() throws Exception {
        // podman 4.3.1, the same flags: 0.0.0.0:7000-7001->7000-7001/tcp, 0.0.0.0:8081-8083->80-82/tcp,
        // 127.0.0.1:8088->81/udp
        cli.ok("create", "--name", "b", "-p", "8081-8083:80-82", "-p", "127.0.0.1:8088:81/udp", "-p", "7000:7000",
                "-p", "7001:7001", "busybox", "true");
        cli.ok("create", "--name", "none", "--network", "none", "busybox", "true");
        assertThat(cli.ok("ps", "-a", "--format", "{{.Names}} {{.Ports}}").lines().toList()).containsExactly(
                "b 0.0.0.0:7000-7001->7000-7001/tcp, 0.0.0.0:8081-8083->80-82/tcp, 127.0.0.1:8088->81/udp", "none ");
        JsonNode ps = JSON.readTree(cli.ok("ps", "-a", "--format", "json"));
        assertThat(ps.get(0).get("Ports").toString()).isEqualTo("[{\"host_ip\":\"\",\"container_port\":7000,"
                + "\"host_port\":7000,\"range\":2,\"protocol\":\"tcp\"},{\"host_ip\":\"\",\"container_port\":80,"
                + "\"host_port\":8081,\"range\":3,\"protocol\":\"tcp\"},{\"host_ip\":\"127.0.0.1\",\"container_port\":81,"
                + "\"host_port\":8088,\"range\":1,\"protocol\":\"udp\"}]");
        assertThat(ps.get(1).get("Ports").isNull()).isTrue();
        String table = cli.ok("ps", "-a", "--filter", "name=b");
        assertThat(table.lines().toList().getFirst()).contains("PORTS");
        assertThat(table).contains("0.0.0.0:7000-7001->7000-7001/tcp, 0.0.0.0:8081-8083->80-82/tcp");

        // a pod member lists its pod's ports, as podman's does
        cli.ok("pod", "create", "--name", "p1", "-p", "8090:80", "-p", "8091-8092:81-82/udp");
        cli.ok("create", "--pod", "p1", "--name", "m1", "busybox", "true");
        assertThat(cli.ok("ps", "-a", "--filter", "name=m1", "--format", "{{.Ports}}"))
                .isEqualTo("0.0.0.0:8090->80/tcp, 0.0.0.0:8091-8092->81-82/udp\n");
    }

    @Test
    void theImagesHealthcheckIsUsedUnlessDisabled() throws Exception {
        DockerImages.busyboxWith(cli, "localhost/checked:1", c -> {
            c.putObject("Healthcheck").put("Interval", 5_000_000_000L).put("Retries", 2).putArray("Test")
                    .add("CMD").add("/bin/false");
        });
        cli.ok("run", "-d", "--name", "img-check", "localhost/checked:1", "sleep", "300");
        // podman 4.3.1: {"Test":["CMD","/bin/false"],"Interval":5000000000,"Timeout":30000000000,"Retries":2}
        JsonNode hc = JSON.readTree(cli.ok("inspect", "--format", "{{json .Config.Healthcheck}}", "img-check"));
        assertThat(hc.get("Test").toString()).isEqualTo("[\"CMD\",\"/bin/false\"]");
        assertThat(hc.get("Interval").asLong()).isEqualTo(5_000_000_000L);
        assertThat(hc.get("Retries").asInt()).isEqualTo(2);
        Cli.Result check = cli.run("healthcheck", "run", "img-check");
        assertThat(check.code()).isEqualTo(1);
        assertThat(check.out()).isEqualTo("unhealthy\n");

        cli.ok("run", "-d", "--name", "own-check", "--health-cmd", "true", "--health-interval", "disable",
                "localhost/checked:1", "sleep", "300");
        assertThat(cli.run("healthcheck", "run", "own-check").code()).isZero();

        cli.ok("run", "-d", "--name", "no-check", "--no-healthcheck", "localhost/checked:1", "sleep", "300");
        assertThat(cli.ok("inspect", "--format", "{{json .Config.Healthcheck}}", "no-check").strip())
                .isEqualTo("{\"Test\":[\"NONE\"]}");
        Cli.Result none = cli.run("healthcheck", "run", "no-check");
        assertThat(none.code()).isEqualTo(125);
        assertThat(cli.ok("ps", "--filter", "name=no-check", "--format", "{{.Status}}")).doesNotContain("(");
        List<String> removed = new ArrayList<>(List.of("rm", "-f", "-t", "0", "img-check", "own-check", "no-check"));
        cli.ok(removed.toArray(String[]::new));
    }
}
