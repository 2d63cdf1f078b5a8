package dev.peapod.cli.pod;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.cli.Cli;
import dev.peapod.cli.EngineCli;
import dev.peapod.cli.format.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pod commands against the real engine (in-memory state, fake OCI runtime). */
class PodEngineTest {
    @TempDir
    Path tmp;
    EngineCli cli;

    @BeforeEach
    void setUp() {
        cli = new EngineCli(tmp);
    }

    private static JsonNode json(String s) throws Exception {
        return Json.mapper().readTree(s);
    }

    @Test
    void createPrintsTheIdAndPsListsThePod() throws Exception {
        String id = cli.ok("pod", "create", "--name", "web", "--label", "tier=front").strip();
        assertThat(id).matches("[0-9a-f]{64}");
        String table = cli.ok("pod", "ps");
        List<String> lines = table.lines().toList();
        assertThat(lines.getFirst()).startsWith("POD ID        NAME        STATUS      CREATED").contains("INFRA ID")
                .endsWith("# OF CONTAINERS");
        assertThat(lines.get(1)).startsWith(id.substring(0, 12) + "  web         Created     ")
                .contains("Less than a second ago").endsWith("1");
        JsonNode arr = json(cli.ok("pod", "ps", "--format", "json"));
        assertThat(arr).hasSize(1);
        List<String> fields = new ArrayList<>();
        arr.get(0).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("Cgroup", "Containers", "Created", "Id", "InfraId", "Name", "Namespace",
                "Networks", "Status", "Labels");
        JsonNode pod = arr.get(0);
        assertThat(pod.get("Id").asText()).isEqualTo(id);
        assertThat(pod.get("Status").asText()).isEqualTo("Created");
        assertThat(pod.get("Labels").get("tier").asText()).isEqualTo("front");
        assertThat(pod.get("Containers").get(0).get("Id").asText()).isEqualTo(pod.get("InfraId").asText());
        List<String> ctrFields = new ArrayList<>();
        pod.get("Containers").get(0).fieldNames().forEachRemaining(ctrFields::add);
        assertThat(ctrFields).as("podman 4.3's keys").containsExactly("Id", "Names", "Status");
        JsonNode viaTemplate = json(cli.ok("pod", "ps", "--format", "{{json .}}"));
        assertThat(viaTemplate).isEqualTo(pod);
        assertThat(pod.get("Created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    }

    @Test
    void lifecycleThroughTheCli() throws Exception {
        String id = cli.ok("pod", "create", "web").strip();
        String app = cli.ok("run", "-d", "--pod", "web", "--name", "app", "busybox", "sleep", "100").strip();
        assertThat(app).matches("[0-9a-f]{64}");
        assertThat(cli.ok("pod", "ps", "--format", "{{.Name}} {{.Status}} {{.NumberOfContainers}}"))
                .as("run started the infra first").isEqualTo("web Running 2\n");
        assertThat(cli.ok("pod", "stop", "web")).isEqualTo(id + "\n");
        assertThat(cli.ok("pod", "ps", "--format", "{{.Status}}")).isEqualTo("Exited\n");
        assertThat(cli.ok("pod", "start", "web")).isEqualTo(id + "\n");
        assertThat(cli.ok("pod", "ps", "--format", "{{.Status}}")).isEqualTo("Running\n");
        assertThat(cli.ok("pod", "pause", "web")).isEqualTo(id + "\n");
        assertThat(cli.ok("pod", "ps", "--format", "{{.Status}}")).isEqualTo("Paused\n");
        assertThat(cli.ok("pod", "unpause", "web")).isEqualTo(id + "\n");
        assertThat(cli.ok("pod", "restart", "web")).isEqualTo(id + "\n");
        assertThat(cli.ok("pod", "kill", "-s", "KILL", "web")).isEqualTo(id + "\n");
        assertThat(cli.engine().oci().signals(app)).contains(9);
        assertThat(cli.ok("pod", "ps", "--format", "{{.Status}}")).isEqualTo("Exited\n");
    }

    @Test
    void rmRefusesRunningContainersWithoutForce() {
        String id = cli.ok("pod", "create", "web").strip();
        cli.ok("run", "-d", "--pod", "web", "busybox", "sleep", "100");
        Cli.Result r = cli.run("pod", "rm", "web");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).contains("cannot remove container").contains("running or paused containers cannot be "
                + "removed without force");
        assertThat(cli.run("pod", "exists", "web").code()).isZero();
        assertThat(cli.ok("pod", "rm", "-f", "web")).isEqualTo(id + "\n");
        assertThat(cli.run("pod", "exists", "web").code()).isEqualTo(1);
        assertThat(cli.ok("ps", "-a", "-q")).isEmpty();
    }

    @Test
    void missingPodsAreErrorsUnlessIgnored() {
        Cli.Result r = cli.run("pod", "start", "nosuch");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).startsWith("Error: ").contains("nosuch").doesNotContain("\tat ");
        Cli.Result ignored = cli.run("pod", "stop", "--ignore", "nosuch");
        assertThat(ignored.code()).isZero();
        assertThat(ignored.out()).isEmpty();
        assertThat(cli.run("pod", "exists", "nosuch").code()).isEqualTo(1);
        assertThat(cli.run("pod", "inspect", "nosuch").code()).isEqualTo(125);
    }

    @Test
    void inspectShowsPodmansFields() throws Exception {
        String id = cli.ok("pod", "create", "--name", "web", "--share", "+pid", "--exit-policy", "stop", "-l", "a=b",
                "--hostname", "h1").strip();
        JsonNode p = json(cli.ok("pod", "inspect", "web"));
        assertThat(p.isObject()).as("one pod: an object, as podman 4.3").isTrue();
        cli.ok("pod", "create", "--name", "other");
        assertThat(json(cli.ok("pod", "inspect", "web", "other")).isArray()).isTrue();
        assertThat(p.get("Id").asText()).isEqualTo(id);
        assertThat(p.get("Name").asText()).isEqualTo("web");
        assertThat(p.get("ExitPolicy").asText()).isEqualTo("stop");
        assertThat(p.get("State").asText()).isEqualTo("Created");
        assertThat(p.get("Hostname").asText()).isEqualTo("h1");
        assertThat(p.get("CreateInfra").asBoolean()).isTrue();
        assertThat(p.get("InfraContainerID").asText()).matches("[0-9a-f]{64}");
        assertThat(p.get("SharedNamespaces").toString()).isEqualTo("[\"ipc\",\"net\",\"pid\",\"uts\"]");
        assertThat(p.get("NumContainers").asInt()).isEqualTo(1);
        assertThat(p.get("Containers").get(0).get("State").asText()).isEqualTo("created");
        assertThat(p.get("CreateCommand").toString()).contains("\"pod\",\"create\",\"--name\",\"web\"");
        assertThat(cli.ok("pod", "inspect", "-f", "{{.Name}}/{{.ExitPolicy}}/{{len .Containers}}", "web"))
                .isEqualTo("web/stop/1\n");
        assertThat(cli.ok("inspect", "--type", "pod", "--format", "{{.ID}}", "web")).isEqualTo(id + "\n");
    }

    @Test
    void noInfraAndNamespaceSharingErrors() {
        cli.ok("pod", "create", "--infra=false", "bare");
        assertThat(cli.ok("pod", "ps", "--format", "{{.Name}}:{{.InfraID}}:{{.NumberOfContainers}}"))
                .isEqualTo("bare::0\n");
        Cli.Result r = cli.run("pod", "create", "--infra=false", "--share", "net", "bad");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).contains("without an infra container cannot share namespaces");
        assertThat(cli.run("pod", "create", "--exit-policy", "sometimes").err())
                .contains("invalid exit policy \"sometimes\"");
        assertThat(cli.run("pod", "create", "--name", "bad name").err()).contains("is invalid");
    }

    @Test
    void nameClashesAndReplace() {
        String first = cli.ok("pod", "create", "web").strip();
        Cli.Result clash = cli.run("pod", "create", "web");
        assertThat(clash.code()).isEqualTo(125);
        assertThat(clash.err()).startsWith("Error: ");
        String second = cli.ok("pod", "create", "--replace", "web").strip();
        assertThat(second).isNotEqualTo(first);
        assertThat(cli.ok("pod", "ps", "-q", "--no-trunc")).isEqualTo(second + "\n");
    }

    @Test
    void podIdFiles() throws Exception {
        Path f = tmp.resolve("pod.id");
        String id = cli.ok("pod", "create", "--pod-id-file", f.toString(), "web").strip();
        assertThat(Files.readString(f)).isEqualTo(id);
        assertThat(cli.ok("pod", "start", "--pod-id-file", f.toString())).isEqualTo(id + "\n");
        assertThat(cli.ok("pod", "stop", "--pod-id-file", f.toString())).isEqualTo(id + "\n");
        assertThat(cli.ok("pod", "rm", "--pod-id-file", f.toString())).isEqualTo(id + "\n");
    }

    @Test
    void psQuietSortFilterAndContainerColumns() {
        String a = cli.ok("pod", "create", "alpha").strip();
        String b = cli.ok("pod", "create", "--label", "x=1", "beta").strip();
        cli.ok("create", "--pod", "beta", "--name", "worker", "busybox", "true");
        assertThat(cli.ok("pod", "ps", "-q")).as("newest first").isEqualTo(b.substring(0, 12) + "\n"
                + a.substring(0, 12) + "\n");
        assertThat(cli.ok("pod", "ps", "--sort", "name", "--format", "{{.Name}}")).isEqualTo("alpha\nbeta\n");
        assertThat(cli.ok("pod", "ps", "--sort", "number", "--format", "{{.Name}}")).isEqualTo("alpha\nbeta\n");
        assertThat(cli.ok("pod", "ps", "--filter", "label=x=1", "--format", "{{.Name}}")).isEqualTo("beta\n");
        assertThat(cli.ok("pod", "ps", "--filter", "name=alp", "--format", "{{.Name}}")).isEqualTo("alpha\n");
        assertThat(cli.ok("pod", "ps", "--filter", "ctr-names=worker", "--format", "{{.Name}}")).isEqualTo("beta\n");
        assertThat(cli.ok("pod", "ps", "--filter", "ctr-number=2", "--format", "{{.Name}}")).isEqualTo("beta\n");
        assertThat(cli.ok("pod", "ps", "-f", "name=alpha", "-f", "name=beta", "-q")).hasLineCount(2);
        assertThat(cli.ok("pod", "ps", "--filter", "status=running", "-q")).isEmpty();
        assertThat(cli.run("pod", "ps", "--filter", "status=sleepy").err()).contains("invalid status filter");
        String withNames = cli.ok("pod", "ps", "--ctr-names", "--ctr-status", "--sort", "name");
        assertThat(withNames.lines().findFirst().orElseThrow()).contains("NAMES").doesNotContain("# OF CONTAINERS");
        assertThat(withNames).contains("-infra,worker").contains("created,created");
        assertThat(cli.ok("pod", "ps", "--noheading", "--sort", "name")).doesNotContain("POD ID").hasLineCount(2);
        assertThat(cli.ok("pod", "ps", "--format", "table {{.Name}} {{.Labels}}", "--sort", "name"))
                .isEqualTo("NAME        LABELS\nalpha       map[]\nbeta        map[x:1]\n");
        assertThat(cli.ok("pod", "ps", "--latest", "--format", "{{.Name}}")).isEqualTo("beta\n");
    }

    @Test
    void pruneRemovesStoppedPodsOnly() {
        String fresh = cli.ok("pod", "create", "fresh").strip();
        String done = cli.ok("pod", "create", "done").strip();
        cli.ok("pod", "start", "done");
        cli.ok("pod", "stop", "done");
        String running = cli.ok("pod", "create", "busy").strip();
        cli.ok("pod", "start", "busy");
        assertThat(cli.ok("pod", "prune", "-f")).isEqualTo(done + "\n");
        assertThat(cli.ok("pod", "ps", "-q", "--no-trunc", "--sort", "name")).isEqualTo(running + "\n" + fresh + "\n");
    }

    @Test
    void allAndLatest() {
        String a = cli.ok("pod", "create", "a").strip();
        String b = cli.ok("pod", "create", "b").strip();
        assertThat(cli.ok("pod", "start", "--all")).isEqualTo(a + "\n" + b + "\n");
        assertThat(cli.ok("pod", "stop", "--latest")).isEqualTo(b + "\n");
        assertThat(cli.ok("pod", "rm", "-a", "-f")).isEqualTo(a + "\n" + b + "\n");
    }
}
