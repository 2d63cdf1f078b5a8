package dev.peapod.cli.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import dev.peapod.core.cgroup.CgroupManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code system prune}, {@code image/container/pod prune} and {@code system df} on the real store; the same store
 * state is built in peapod and in podman 4.3.1 (temporary stores) and each prune must remove the same objects.
 */
class PruneCliIT {
    @TempDir
    Path tmp;
    String cgroupParent;
    List<String> base;

    @BeforeEach
    void setUp() {
        cgroupParent = "/peapod-prune-it-" + UUID.randomUUID().toString().substring(0, 8);
        base = List.of("--root", tmp.resolve("root").toString(), "--runroot", tmp.resolve("run").toString());
    }

    @AfterEach
    void tearDown() throws Exception {
        run("pod", "rm", "-a", "-f", "-t", "0");
        run("rm", "-a", "-f", "-t", "0");
        if (Files.isDirectory(tmp.resolve("podman-root"))) {
            podmanAnyway("pod", "rm", "-a", "-f", "-t", "0");
            podmanAnyway("rm", "-a", "-f", "-t", "0");
        }
        CgroupManager.detect().remove(cgroupParent);
        assertThat(dev.peapod.core.testing.TestProcesses.processesLeft(tmp))
                .as("conmon or exit-command processes left behind").isZero();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).as("nothing left mounted")
                .doesNotContain(tmp.toString());
        dev.peapod.core.testing.TestDirs.deleteTree(tmp.resolve("root"));
        dev.peapod.core.testing.TestDirs.deleteTree(tmp.resolve("podman-root"));
    }

    private Cli.Result run(String... args) {
        return Cli.onRealEngine(base, cgroupParent, args);
    }

    private String ok(String... args) {
        Cli.Result r = run(args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r.out();
    }

    /**
     * The store every prune is tried on; returns each object's id (full) → a name that is the same in both engines.
     * Running: a container and a pod's container; stopped: a container, a pod (its container exited), a created
     * container, containers holding a volume and a network; a created pod; two commits to one name (the first
     * dangling) and one unused image.
     */
    private Map<String, String> build(Function<String[], String> engine) {
        Map<String, String> names = new LinkedHashMap<>();
        engine.apply(new String[] {"run", "-d", "--name", "running", "--network", "none", "busybox", "sleep", "300"});
        engine.apply(new String[] {"run", "--name", "exited", "--network", "none", "busybox", "true"});
        engine.apply(new String[] {"create", "--name", "created", "--network", "none", "busybox", "true"});
        names.put(engine.apply(new String[] {"pod", "create", "--name", "podrun", "--infra=false"}).strip(), "podrun");
        engine.apply(new String[] {"run", "-d", "--pod", "podrun", "--name", "podrunc", "--network", "none",
            "busybox", "sleep", "300"});
        names.put(engine.apply(new String[] {"pod", "create", "--name", "podexit", "--infra=false"}).strip(),
                "podexit");
        engine.apply(new String[] {"run", "--pod", "podexit", "--name", "podexitc", "--network", "none",
            "busybox", "true"});
        names.put(engine.apply(new String[] {"pod", "create", "--name", "podnew", "--infra=false"}).strip(), "podnew");
        engine.apply(new String[] {"create", "--pod", "podnew", "--name", "podnewc", "--network", "none",
            "busybox", "true"});
        engine.apply(new String[] {"volume", "create", "usedvol"});
        engine.apply(new String[] {"volume", "create", "freevol"});
        engine.apply(new String[] {"create", "--name", "volu", "--network", "none", "-v", "usedvol:/data", "busybox",
            "true"});
        engine.apply(new String[] {"network", "create", "usednet"});
        engine.apply(new String[] {"network", "create", "freenet"});
        engine.apply(new String[] {"create", "--name", "netu", "--network", "usednet", "busybox", "true"});
        for (String[] c : List.of(new String[] {"c1", "dang", "dangling"}, new String[] {"c2", "dang", "dang"},
                new String[] {"c3", "unused", "unused"})) {
            engine.apply(new String[] {"run", "--name", c[0], "--network", "none", "busybox", "sh", "-c",
                "echo " + c[0] + " > /f"});
            names.put(engine.apply(new String[] {"commit", "-q", c[0], c[1]}).strip().replace("sha256:", ""), c[2]);
            engine.apply(new String[] {"rm", c[0]});
        }
        for (String line : engine.apply(new String[] {"ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.Names}}"})
                .split("\n")) {
            names.put(line.split(" ")[0], line.split(" ")[1]);
        }
        return names;
    }

    /** A prune's output as heading → the names of what it lists (ids translated). */
    private static Map<String, TreeSet<String>> removed(String out, Map<String, String> names) {
        Map<String, TreeSet<String>> sections = new TreeMap<>();
        String heading = null;
        for (String line : out.split("\n")) {
            if (line.startsWith("Deleted ")) {
                heading = line;
            } else if (heading != null && !line.startsWith("Total reclaimed space")) {
                sections.computeIfAbsent(heading, h -> new TreeSet<>()).add(names.getOrDefault(line, line));
            }
        }
        return sections;
    }

    @Test
    void systemPruneRemovesWhatPodmansRemoves() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/podman")), "podman is not installed");
        ok("create", "--name", "made", "--network", "none", "busybox", "true");
        ok("rm", "made");
        Path archive = tmp.resolve("busybox.tar");
        ok("save", "-o", archive.toString(), "busybox");
        podman("load", "-i", archive.toString());

        Map<String, String> ours = build(args -> ok(args));
        Map<String, String> theirs = build(args -> podmanOk(args));

        Cli.Result declined = run("system", "prune");
        assertThat(declined.out()).startsWith("WARNING! This command removes:\n\t- all stopped containers\n")
                .endsWith("Are you sure you want to continue? [y/N] ");
        assertThat(ok("ps", "-a", "-q")).as("a declined prune removes nothing").hasLineCount(8);

        String first = ok("system", "prune", "-f");
        Map<String, TreeSet<String>> peapod = removed(first, ours);
        Map<String, TreeSet<String>> podman = removed(podman("system", "prune", "-f"), theirs);
        assertThat(peapod).as(first).isEqualTo(podman);
        assertThat(peapod.get("Deleted Containers")).containsExactly("created", "exited", "netu", "volu");
        assertThat(peapod.get("Deleted Pods")).containsExactly("podexit");
        assertThat(peapod.get("Deleted Images")).containsExactly("dangling");
        assertThat(peapod.get("Deleted Networks")).containsExactly("freenet", "usednet");
        assertThat(first).containsPattern("Total reclaimed space: [0-9.]+[kM]?B\n$");

        String all = ok("system", "prune", "-a", "--volumes", "-f");
        peapod = removed(all, ours);
        assertThat(peapod).as(all).isEqualTo(removed(podman("system", "prune", "-a", "--volumes", "-f"), theirs));
        assertThat(peapod.get("Deleted Volumes")).containsExactly("freevol", "usedvol");
        assertThat(peapod.get("Deleted Images")).containsExactly("dang", "unused");
        assertThat(ok("ps", "-a", "--format", "{{.Names}}").lines().sorted().toList())
                .containsExactly("podnewc", "podrunc", "running");
        assertThat(ok("pod", "ps", "--format", "{{.Name}}").lines().sorted().toList())
                .containsExactly("podnew", "podrun");
        assertThat(ok("network", "ls", "-q").strip()).isEqualTo("peapod");
    }

    @Test
    void imageContainerAndPodPruneAndDiskUsage() {
        ok("create", "--name", "made", "--network", "none", "busybox", "true");
        ok("rm", "made");
        ok("run", "--name", "c1", "--network", "none", "--label", "keep=yes", "busybox", "sh", "-c", "echo 1 > /f");
        String first = ok("commit", "-q", "c1", "img").strip().replace("sha256:", "");
        String second = ok("commit", "-q", "c1", "img").strip().replace("sha256:", "");
        ok("create", "--name", "c2", "--network", "none", "busybox", "true");
        ok("pod", "create", "--name", "p", "--infra=false");
        ok("create", "--pod", "p", "--name", "pc", "--network", "none", "busybox", "true");

        String df = ok("system", "df");
        assertThat(df.lines().toList()).hasSize(4);
        assertThat(df).startsWith("TYPE           TOTAL       ACTIVE      SIZE        RECLAIMABLE\n")
                .containsPattern("\nImages +3 +1 +[0-9.]+MB +[0-9.]+MB \\(\\d+%\\)\n")
                .containsPattern("\nContainers +3 +0 ");
        assertThat(ok("system", "df", "--format", "{{json .}}")).contains("{\"Type\":\"Containers\",\"Total\":3,"
                + "\"Active\":0,\"Size\":");
        assertThat(ok("system", "df", "-v")).startsWith("Images space usage:\n\nREPOSITORY ")
                .contains("\nContainers space usage:\n\nCONTAINER ID  IMAGE ")
                .contains("\nLocal Volumes space usage:\n\nVOLUME NAME  LINKS       SIZE\n")
                .contains("localhost/img      latest      " + second.substring(0, 12));

        String c1 = ok("inspect", "--format", "{{.Id}}", "c1");
        String pod = ok("pod", "inspect", "--format", "{{.ID}}", "p");
        assertThat(ok("container", "prune", "-f", "--filter", "label=keep=yes")).as("a filter narrows the prune")
                .isEqualTo(c1);
        assertThat(ok("ps", "-a", "--format", "{{.Names}}").lines().sorted().toList())
                .as("a pod's container is pod prune's").containsExactly("c2", "pc");
        assertThat(ok("image", "prune", "-f")).isEqualTo(first + "\n");
        assertThat(ok("image", "prune", "-f")).as("nothing dangling is left").isEmpty();
        assertThat(ok("image", "prune", "-a", "-f")).as("busybox is used by c2 and pc").isEqualTo(second + "\n");
        assertThat(ok("pod", "prune", "-f")).as("a created pod is not stopped").isEmpty();
        ok("start", "pc");
        ok("wait", "pc");
        assertThat(ok("pod", "prune", "-f")).isEqualTo(pod);
        assertThat(ok("ps", "-a", "--format", "{{.Names}}").strip()).isEqualTo("c2");
        Cli.Result bad = run("image", "prune", "-f", "--filter", "color=red");
        assertThat(bad.code()).isEqualTo(125);
        assertThat(bad.err()).contains("color=red");
    }

    private String podmanOk(String... args) {
        try {
            return podman(args);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<String> podmanCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of("podman", "--root", tmp.resolve("podman-root").toString(),
                "--runroot", tmp.resolve("podman-run").toString(), "--storage-driver", "vfs",
                "--network-config-dir", tmp.resolve("podman-net").toString(), "--cgroup-manager", "cgroupfs"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private String podman(String... args) throws IOException, InterruptedException {
        List<String> cmd = podmanCommand(args);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(cmd + ": " + out).isZero();
        return out;
    }

    private void podmanAnyway(String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(podmanCommand(args)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
    }
}
