package dev.peapod.cli.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.cli.Cli;
import dev.peapod.cli.EngineCli;
import dev.peapod.cli.format.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container commands against the real engine (in-memory state, fake OCI runtime). */
class ContainerEngineTest {
    @TempDir
    Path tmp;
    EngineCli cli;

    @BeforeEach
    void setUp() {
        cli = new EngineCli(tmp);
    }

    @Test
    void runAttachedExitsWithTheContainersCode() {
        Cli.Result r = cli.run("run", "--name", "three", "busybox", "exit", "3");
        assertThat(r.code()).isEqualTo(3);
        assertThat(cli.ok("ps", "-a", "--format", "{{.Names}} {{.State}} {{.ExitCode}}")).isEqualTo("three exited 3\n");
        Cli.Result zero = cli.run("run", "--rm", "busybox", "exit", "0");
        assertThat(zero.code()).isZero();
        assertThat(cli.ok("ps", "-a", "-q")).as("--rm removed it").hasLineCount(1);
    }

    @Test
    void runPrintsTheContainersOutput() throws Exception {
        String id = cli.ok("create", "--name", "talker", "busybox", "sleep", "100").strip();
        Path log = cli.engine().oci().logPath(id);
        Files.createDirectories(log.getParent());
        String now = Instant.now().toString();
        Files.writeString(log, now + " stdout F hello\n" + now + " stderr F oops\n" + now + " stdout P par\n"
                + now + " stdout F tial\n");
        Cli.Result logs = cli.run("logs", "talker");
        assertThat(logs.out()).isEqualTo("hello\npartial\n");
        assertThat(logs.err()).isEqualTo("oops\n");
        assertThat(cli.ok("logs", "--tail", "1", "talker")).isEqualTo("partial\n");
        assertThat(cli.ok("logs", "-t", "talker")).contains(" hello\n").startsWith(now.substring(0, 10));
        cli.ok("create", "--name", "quiet", "busybox", "true");
        assertThat(cli.ok("logs", "--names", "talker", "quiet")).isEqualTo("talker hello\ntalker partial\n");
    }

    @Test
    void lifecycleCommandsPrintWhatWasGiven() {
        String id = cli.ok("create", "--name", "c1", "busybox", "sleep", "100").strip();
        assertThat(cli.ok("ps", "--format", "{{.Names}}")).as("not running: hidden without -a").isEmpty();
        assertThat(cli.ok("start", "c1")).isEqualTo("c1\n");
        assertThat(cli.ok("ps", "--format", "{{.Names}} {{.Status}}")).startsWith("c1 Up ");
        assertThat(cli.ok("pause", "c1")).isEqualTo("c1\n");
        assertThat(cli.ok("ps", "--format", "{{.Status}}")).isEqualTo("");
        assertThat(cli.ok("ps", "-a", "--format", "{{.Status}}")).isEqualTo("Paused\n");
        assertThat(cli.ok("unpause", id.substring(0, 8))).isEqualTo(id.substring(0, 8) + "\n");
        assertThat(cli.ok("restart", "c1")).isEqualTo("c1\n");
        assertThat(cli.ok("kill", "-s", "TERM", "c1")).isEqualTo("c1\n");
        assertThat(cli.ok("wait", "c1")).isEqualTo("143\n");
        assertThat(cli.ok("start", "c1")).isEqualTo("c1\n");
        assertThat(cli.ok("stop", "-t", "0", "c1")).isEqualTo("c1\n");
        assertThat(cli.ok("ps", "-a", "--format", "{{.Status}}")).startsWith("Exited (");
        assertThat(cli.ok("rm", "c1")).isEqualTo("c1\n");
        assertThat(cli.run("container", "exists", "c1").code()).isEqualTo(1);
    }

    @Test
    void allMeansEveryContainerTheCommandCanActOn() {
        String up = cli.ok("run", "-d", "--name", "up", "busybox", "sleep", "100").strip();
        String idle = cli.ok("create", "--name", "idle", "busybox", "sleep", "100").strip();
        assertThat(cli.ok("pause", "--all")).as("only the running one").isEqualTo(up + "\n");
        assertThat(cli.ok("unpause", "--all")).isEqualTo(up + "\n");
        assertThat(cli.ok("start", "--all")).as("only the one not running").isEqualTo(idle + "\n");
        assertThat(cli.ok("kill", "--all")).isEqualTo(up + "\n" + idle + "\n");
        assertThat(cli.ok("kill", "--all")).as("nothing left running").isEmpty();
    }

    @Test
    void errorsComeFromTheEngine() {
        cli.ok("run", "-d", "--name", "busy", "busybox", "sleep", "100");
        Cli.Result rm = cli.run("rm", "busy");
        assertThat(rm.code()).as("podman's rm of a running container").isEqualTo(2);
        assertThat(rm.err()).contains("cannot remove container").contains("without force");
        assertThat(cli.run("start", "busy").err()).contains("already running");
        assertThat(cli.run("pause", "nosuch").err()).startsWith("Error: ").contains("nosuch");
        assertThat(cli.run("create", "nosuchimage").err()).contains("nosuchimage");
        assertThat(cli.run("create", "--pod", "nopod", "busybox").err()).contains("nopod");
        assertThat(cli.run("create", "--requires", "ghost", "busybox").err()).contains("ghost");
        assertThat(cli.ok("rm", "-f", "busy")).isEqualTo("busy\n");
        assertThat(cli.run("stop", "--ignore", "busy").code()).isZero();
    }

    @Test
    void createFlagsReachTheEngine() throws Exception {
        cli.ok("create", "--name", "db", "busybox", "sleep", "1");
        // the working directory lies on a mount: a --workdir that is neither in the image nor on a mount fails to start
        cli.ok("create", "--name", "app", "-e", "A=1", "-w", "/srv", "-v", tmp + ":/srv", "--entrypoint", "/bin/sh",
                "--stop-signal",
                "INT", "--stop-timeout", "3", "--requires", "db", "-l", "k=v", "-u", "1000", "--rm", "busybox",
                "-c", "echo hi");
        JsonNode c = Json.mapper().readTree(cli.ok("container", "inspect", "app")).get(0);
        assertThat(c.get("Name").asText()).isEqualTo("app");
        assertThat(c.get("Path").asText()).isEqualTo("/bin/sh");
        assertThat(c.get("Args").toString()).isEqualTo("[\"-c\",\"echo hi\"]");
        JsonNode cfg = c.get("Config");
        assertThat(cfg.get("Env").toString()).contains("A=1").contains("PATH=/bin");
        assertThat(cfg.get("WorkingDir").asText()).isEqualTo("/srv");
        assertThat(cfg.get("StopSignal").asInt()).as("a number, as podman 4.3").isEqualTo(2);
        assertThat(cfg.get("StopTimeout").asInt()).isEqualTo(3);
        assertThat(cfg.get("User").asText()).isEqualTo("1000");
        assertThat(cfg.get("Labels").get("k").asText()).isEqualTo("v");
        assertThat(c.get("HostConfig").get("AutoRemove").asBoolean()).isTrue();
        assertThat(c.get("Dependencies")).hasSize(1);
        assertThat(c.get("State").get("Status").asText()).isEqualTo("created");
        assertThat(cli.ok("inspect", "--format", "{{.State.Status}} {{.Config.User}}", "app"))
                .isEqualTo("created 1000\n");
        assertThat(cli.ok("start", "app")).as("its dependency db is started first").isEqualTo("app\n");
        assertThat(cli.ok("ps", "--format", "{{.Names}}", "--sort", "names")).isEqualTo("app\ndb\n");
    }

    @Test
    void psJsonTableAndPodColumns() throws Exception {
        cli.ok("pod", "create", "web");
        String id = cli.ok("run", "-d", "--pod", "web", "--name", "app", "busybox", "sleep", "100").strip();
        JsonNode arr = Json.mapper().readTree(cli.ok("ps", "--format", "json", "--filter", "name=app"));
        assertThat(arr).hasSize(1);
        JsonNode c = arr.get(0);
        assertThat(c.get("Id").asText()).isEqualTo(id);
        assertThat(c.get("Names").toString()).isEqualTo("[\"app\"]");
        assertThat(c.get("State").asText()).isEqualTo("running");
        assertThat(c.get("PodName").asText()).isEqualTo("web");
        assertThat(c.get("Command").toString()).isEqualTo("[\"sleep\",\"100\"]");
        assertThat(Json.mapper().readTree(cli.ok("ps", "--format", "{{json .}}", "--filter", "name=app")))
                .isEqualTo(c);
        String table = cli.ok("ps", "--pod", "--filter", "name=app");
        List<String> lines = table.lines().toList();
        assertThat(lines.getFirst()).startsWith("CONTAINER ID  IMAGE").contains("COMMAND").contains("CREATED")
                .contains("STATUS").contains("PORTS").contains("NAMES").contains("POD ID").endsWith("PODNAME");
        assertThat(lines.get(1)).startsWith(id.substring(0, 12) + "  localhost/busybox:latest").contains("sleep 100")
                .endsWith("web");
        assertThat(cli.ok("ps", "-q", "--no-trunc", "--filter", "pod=web", "--filter", "name=app")).isEqualTo(id + "\n");
        assertThat(cli.ok("ps", "-a", "-n", "1", "--format", "{{.Names}}")).isEqualTo("app\n");
        assertThat(cli.ok("container", "list", "--filter", "status=running", "-q")).hasLineCount(2);
    }

    @Test
    void cleanupAsConmonsExitCommandRunsIt() {
        String id = cli.ok("run", "-d", "--rm", "--name", "brief", "busybox", "sleep", "100").strip();
        cli.engine().oci().exitNow(id, 0);
        assertThat(cli.ok("container", "cleanup", "--stopped-only", "--rm", id)).isEqualTo(id + "\n");
        assertThat(cli.run("container", "exists", "brief").code()).isEqualTo(1);
    }

    @Test
    void systemRefreshAndInfo() throws Exception {
        cli.ok("run", "-d", "--name", "r", "busybox", "sleep", "100");
        cli.ok("pod", "create", "p");
        JsonNode info = Json.mapper().readTree(cli.ok("info", "--format", "json"));
        assertThat(info.get("store").get("containerStore").get("running").asInt()).isEqualTo(1);
        assertThat(cli.ok("info", "--format", "{{.Store.ContainerStore.Number}} {{.Host.Os}}"))
                .as("podman's Go field names reach the lower-camel keys").isEqualTo("2 linux\n");
        assertThat(cli.ok("system", "refresh")).isEmpty();
        assertThat(cli.ok("ps", "-a", "--format", "{{.Names}} {{.State}}", "--filter", "name=^r$"))
                .as("after a refresh, a container that ran is exited").isEqualTo("r exited\n");
    }

    @Test
    void inspectFindsContainersThenPods() {
        cli.ok("create", "--name", "c", "busybox", "true");
        cli.ok("pod", "create", "p");
        assertThat(cli.ok("inspect", "--format", "{{.Name}}", "c", "p")).isEqualTo("c\np\n");
        Cli.Result none = cli.run("inspect", "ghost");
        assertThat(none.code()).isEqualTo(125);
        assertThat(none.out()).as("podman prints what it found: nothing").isEqualTo("[]\n");
        assertThat(none.err()).isEqualTo("Error: inspecting object: no such object: \"ghost\"\n");
        assertThat(cli.run("inspect", "--type", "image", "c").err())
                .isEqualTo("Error: inspecting object: c: image not known\n");
        Cli.Result some = cli.run("inspect", "--format", "{{.Name}}", "c", "ghost");
        assertThat(some.code()).isEqualTo(125);
        assertThat(some.out()).isEqualTo("c\n");
    }
}
