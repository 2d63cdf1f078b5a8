package dev.peapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CommandsTest {
    private static final List<String> TOP = List.of("pod", "create", "run", "start", "stop", "kill", "pause",
            "unpause", "restart", "wait", "rm", "ps", "inspect", "logs", "top", "container", "image", "images", "load",
            "rmi", "pull", "push", "login", "logout", "network", "version", "info", "system");
    private static final List<String> POD = List.of("create", "start", "stop", "pause", "unpause", "restart",
            "kill", "rm", "ps", "inspect", "exists", "top", "logs", "prune");

    private static List<String> listedCommands(String help) {
        List<String> names = new ArrayList<>();
        boolean in = false;
        for (String line : help.lines().toList()) {
            if (line.equals("Available Commands:")) {
                in = true;
            } else if (in && line.isBlank()) {
                in = false;
            } else if (in) {
                for (String n : line.strip().split("\\s{2,}")[0].split(", ")) {
                    names.add(n);
                }
            }
        }
        return names;
    }

    @Test
    void rootHelpListsEveryCommand() {
        Cli.Result r = Cli.run("--help");
        assertThat(r.code()).isZero();
        assertThat(listedCommands(r.out())).containsAll(TOP);
        assertThat(r.out()).startsWith("Manage pods, containers and images\n").contains("Usage:\n  peapod [options]")
                .contains("--root=string").contains("--runroot=string").contains("--log-level=string")
                .contains("--runtime=string").contains("--conmon=string").contains("--namespace=string")
                .contains("(default \"/var/lib/peapod\")").contains("(default \"/run/peapod\")");
    }

    @Test
    void podHelpListsPodCommandsWithAliases() {
        Cli.Result r = Cli.run("pod", "--help");
        assertThat(r.code()).isZero();
        assertThat(listedCommands(r.out())).containsAll(POD).contains("ls", "list");
        assertThat(r.out()).as("global options only in the root's help").doesNotContain("--runroot");
    }

    @Test
    void containerHelpHidesCleanup() {
        Cli.Result r = Cli.run("container", "--help");
        assertThat(listedCommands(r.out())).contains("create", "run", "start", "stop", "kill", "pause", "unpause",
                "restart", "wait", "rm", "ps", "ls", "list", "inspect", "logs", "exists").doesNotContain("cleanup");
        assertThat(Cli.run("container", "cleanup", "--help").out()).contains("--rm");
    }

    @Test
    void imageAndSystemHelp() {
        assertThat(listedCommands(Cli.run("image", "--help").out())).contains("import", "inspect", "rm", "ls",
                "list", "load", "pull", "push");
        assertThat(listedCommands(Cli.run("system", "--help").out())).contains("refresh", "info");
        assertThat(listedCommands(Cli.run("network", "--help").out())).contains("ls", "create", "rm", "inspect");
    }

    @Test
    void everyLeafCommandHasHelpWithUsage() {
        CommandLine root = Commands.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<List<String>> leaves = new ArrayList<>();
        collectLeaves(root, new ArrayList<>(), leaves);
        assertThat(leaves).hasSizeGreaterThan(50);
        for (List<String> path : leaves) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", path)).isZero();
            assertThat(r.out()).as(String.join(" ", path)).contains("Usage:\n  peapod " + String.join(" ", path));
            assertThat(r.err()).isEmpty();
        }
    }

    private static void collectLeaves(CommandLine cl, List<String> path, List<List<String>> out) {
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            if (!e.getKey().equals(e.getValue().getCommandName()) || e.getKey().equals("help")) {
                continue;
            }
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            if (e.getValue().getSubcommands().isEmpty()) {
                out.add(p);
            } else {
                collectLeaves(e.getValue(), p, out);
            }
        }
    }

    @Test
    void versionFlagAndCommand() {
        Cli.Result r = Cli.run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).matches("peapod version \\S+\\n");
        Cli.Result v = Cli.run("version", "--format", "{{.Client.Version}}|{{.Client.OsArch}}");
        assertThat(v.out()).matches("\\S+\\|linux/\\w+\\n");
        assertThat(Cli.run("version").out()).contains("Version:").contains("Java Version:").contains("OS/Arch:");
        assertThat(Cli.run("version", "--format", "json").out()).contains("\"APIVersion\"").contains("\"Client\"");
    }

    @Test
    void globalOptionsBeforeOrAfterTheSubcommand() {
        assertThat(Cli.global("--root", "/a", "pod", "ps").root()).isEqualTo("/a");
        assertThat(Cli.global("pod", "ps", "--root", "/b", "--runroot=/r").root()).isEqualTo("/b");
        assertThat(Cli.global("pod", "ps", "--runroot=/r").runroot()).isEqualTo("/r");
        GlobalOptions defaults = Cli.global("ps");
        assertThat(defaults.root()).isEqualTo("/var/lib/peapod");
        assertThat(defaults.runroot()).isEqualTo("/run/peapod");
        assertThat(defaults.logLevel()).isEqualTo("warn");
        assertThat(defaults.runtime()).isNull();
        GlobalOptions g = Cli.global("--runtime", "/usr/sbin/runc", "--conmon", "/usr/bin/conmon",
                "--namespace", "ns1", "--log-level", "DEBUG", "images");
        assertThat(g.runtime()).isEqualTo("/usr/sbin/runc");
        assertThat(g.conmon()).isEqualTo("/usr/bin/conmon");
        assertThat(g.namespace()).isEqualTo("ns1");
        assertThat(g.debug()).isTrue();
    }

    @Test
    void runtimeOptionsAndConmonsExitCommand() {
        GlobalOptions g = Cli.global("--root", "/tmp/r", "--runroot", "/tmp/rr", "--runtime", "/usr/sbin/runc",
                "--conmon", "/usr/bin/conmon", "--namespace", "ns", "ps");
        dev.peapod.core.RuntimeOptions o = g.toRuntimeOptions();
        assertThat(o.root()).hasToString("/tmp/r");
        assertThat(o.runRoot()).hasToString("/tmp/rr");
        assertThat(o.runtimePath()).hasToString("/usr/sbin/runc");
        assertThat(o.conmonPath()).hasToString("/usr/bin/conmon");
        assertThat(o.namespace()).isEqualTo("ns");
        List<String> exit = o.exitCommand();
        assertThat(exit.getFirst()).endsWith("java");
        assertThat(exit).containsSubsequence("-cp", exit.get(exit.indexOf("-cp") + 1), Main.class.getName(), "--root",
                "/tmp/r", "--runroot", "/tmp/rr");
        assertThat(exit).containsSubsequence("--runtime", "/usr/sbin/runc", "--conmon", "/usr/bin/conmon",
                "--namespace", "ns");
        for (String entry : exit.get(exit.indexOf("-cp") + 1).split(java.io.File.pathSeparator)) {
            assertThat(java.nio.file.Path.of(entry)).isAbsolute();
        }
        dev.peapod.core.RuntimeOptions defaults = Cli.global("ps").toRuntimeOptions();
        assertThat(defaults.root()).hasToString("/var/lib/peapod");
        assertThat(defaults.runtimePath()).hasToString("runc");
    }

    @Test
    void missingCommandPrintsHelpAndFails() {
        Cli.Result r = Cli.run("pod");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.out()).contains("Available Commands:");
        assertThat(r.err()).isEqualTo("Error: missing command 'peapod pod COMMAND'\n");
        assertThat(Cli.run().err()).isEqualTo("Error: missing command 'peapod COMMAND'\n");
    }

    @Test
    void unknownCommandAndFlag() {
        Cli.Result r = Cli.run("pod", "bogus");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).startsWith("Error: unrecognized command `peapod pod bogus`\n")
                .endsWith("Try 'peapod pod --help' for more information\n");
        Cli.Result f = Cli.run("pod", "create", "--bogus");
        assertThat(f.code()).isEqualTo(125);
        assertThat(f.err()).isEqualTo("Error: unknown flag: --bogus\nSee 'peapod pod create --help'\n");
        assertThat(f.out()).isEmpty();
    }

    @Test
    void badFlagValuesAreParameterErrors() {
        Cli.Result r = Cli.run("pod", "stop", "-t", "x", "p");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).as("podman's (cobra's) words").isEqualTo("Error: invalid argument \"x\" for \"-t, --time\" "
                + "flag: strconv.ParseUint: parsing \"x\": invalid syntax\nSee 'peapod pod stop --help'\n");
        assertThat(Cli.run("run", "--preserve-fds", "-1", "busybox").err()).startsWith("Error: invalid argument \"-1\" "
                + "for \"--preserve-fds\" flag: strconv.ParseUint: parsing \"-1\": invalid syntax\n");
        assertThat(Cli.run("stop", "--time", "soon", "c").err()).startsWith("Error: invalid argument \"soon\" for "
                + "\"-t, --time, --timeout\" flag: strconv.ParseUint: parsing \"soon\": invalid syntax\n");
        assertThat(Cli.run("--log-level=loud", "ps").err())
                .startsWith("Error: log level \"loud\" is not supported, choose from: trace, debug");
        assertThat(Cli.run("kill", "-s", "NOPE", "c").err()).isEqualTo("Error: invalid signal: NOPE\n");
        Cli.Result zero = Cli.run("kill", "-s", "0", "c");
        assertThat(zero.err()).as("podman's words, which scripts match").isEqualTo("Error: invalid signal: 0\n");
        assertThat(zero.code()).isEqualTo(125);
        assertThat(Cli.run("pod", "kill", "-s", "99", "p").err()).isEqualTo("Error: invalid signal: 99: valid signals are 1 through 64\n");
        assertThat(Cli.run("pod", "create", "--memory", "lots").err()).contains("invalid size \"lots\"");
        assertThat(Cli.run("pod", "exists").err()).contains("Missing required parameter: 'POD'")
                .contains("See 'peapod pod exists --help'");
        assertThat(Cli.run("pod", "create", "a", "b").code()).isEqualTo(125);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pod create p", "pod start p", "pod stop p", "pod pause p", "pod unpause p",
        "pod restart p", "pod kill p", "pod rm p", "pod ps", "pod inspect p", "pod exists p", "pod top p",
        "pod logs p", "pod prune -f", "create busybox", "run busybox true", "start c", "stop c", "kill c", "pause c",
        "unpause c", "restart c", "wait c", "rm c", "ps", "inspect c", "logs c", "top c", "container cleanup c",
        "container exists c", "network ls", "info", "system refresh"})
    void withoutAnEngineCommandsFailHonestly(String line) {
        String[] args = line.split(" ");
        Cli.Result r = Cli.run(args);
        assertThat(r.code()).as(line).isEqualTo(125);
        String name = args[0].equals("pod") || args[0].equals("container") || args[0].equals("image")
                || args[0].equals("system") || args[0].equals("network") ? args[0] + " " + args[1] : args[0];
        assertThat(r.err()).as(line).isEqualTo("Error: " + name + " is not implemented yet\n");
        assertThat(r.out()).as(line).isEmpty();
    }

    @Test
    void loginAndLogoutSayWhatIsMissing(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        String auth = tmp.resolve("auth.json").toString();
        assertThat(Cli.run("login", "--authfile", auth).err()).startsWith("Error: please provide a registry");
        assertThat(Cli.run("logout", "--authfile", auth, "r:5000").err()).isEqualTo("Error: not logged into r:5000\n");
        assertThat(Cli.run("login", "--authfile", auth, "--get-login", "r:5000").err())
                .isEqualTo("Error: not logged into r:5000\n");
        assertThat(Cli.run("logout", "--authfile", auth, "-a").out())
                .isEqualTo("Removed login credentials for all registries\n");
    }

    @Test
    void targetsAreRequired() {
        assertThat(Cli.run("pod", "stop").err()).isEqualTo("Error: you must provide at least one name or id\n");
        assertThat(Cli.run("pod", "stop", "-a", "-l").err())
                .isEqualTo("Error: --all and --latest cannot be used together\n");
        assertThat(Cli.run("stop", "-a", "c1").err()).isEqualTo("Error: no arguments are needed with --all\n");
        assertThat(Cli.run("--root", "/nonexistent/peapod-test", "rmi").err())
                .isEqualTo("Error: image name or ID must be specified\n");
    }

    @Test
    void debugLogLevelAddsTheStackTrace() {
        Cli.Result quiet = Cli.run("pod", "start", "p");
        assertThat(quiet.err()).doesNotContain("\tat ");
        Cli.Result debug = Cli.run("--log-level=debug", "pod", "start", "p");
        assertThat(debug.err()).startsWith("Error: pod start is not implemented yet\n")
                .contains("NotImplementedException").contains("\tat ");
    }

    @Test
    void onlyTheNamedPathIsBuilt() {
        PrintWriter sink = new PrintWriter(new StringWriter());
        CommandLine ps = Commands.commandLine(sink, sink, "--root", "/x", "pod", "ps", "--format", "json");
        assertThat(ps.getSubcommands().keySet()).containsExactly("pod");
        assertThat(ps.getSubcommands().get("pod").getSubcommands().keySet()).containsExactlyInAnyOrder("ps", "ls",
                "list");
        assertThat(Commands.commandLine(sink, sink, "--version").getSubcommands()).isEmpty();
        CommandLine listing = Commands.commandLine(sink, sink, "pod", "--help");
        assertThat(listing.getSubcommands().get("pod").getSubcommands()).hasSizeGreaterThan(14);
        CommandLine unknown = Commands.commandLine(sink, sink, "bogus");
        assertThat(unknown.getSubcommands().keySet()).containsAll(TOP);
        assertThat(unknown.getSubcommands().get("pod").getSubcommands()).as("siblings stay shallow").isEmpty();
    }

    @Test
    void helpSubcommand() {
        Cli.Result r = Cli.run("help", "pod");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Manage pods");
    }
}
