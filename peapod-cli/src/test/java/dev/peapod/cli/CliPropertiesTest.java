package dev.peapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.format.Template;
import dev.peapod.cli.format.TemplateException;
import dev.peapod.core.Container;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.Pod;
import dev.peapod.core.testing.Gen;
import dev.peapod.core.testing.TestDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Property tests (seeded {@link Gen} generators, {@value #TRIES} tries each) of what users type into the CLI: whole argument vectors (real command names, real
 * flags, the store's own object names and junk), {@code KEY=VALUE} flags and {@code --format} templates.
 * Every vector ends with one of podman's exit codes and, on failure, a clean {@code Error: ...} (never a
 * stack trace or a leaked exception name); a command that fails without naming an existing object, or
 * that fails to parse, leaves the store (pods, containers, their states) as it was. Vectors run in-process
 * on the real engine over an in-memory state and the fake OCI runtime, a fresh store per try.
 * {@code -Dpeapod.tries=N} scales the tries to N percent, {@code -Dpeapod.seed=S} replays a failure.
 */
class CliPropertiesTest {
    static final int TRIES = 300;
    private static final List<List<String>> COMMANDS = List.of(
            List.of("pod", "create"), List.of("pod", "ps"), List.of("pod", "rm"), List.of("pod", "start"),
            List.of("pod", "stop"), List.of("pod", "inspect"), List.of("pod", "exists"), List.of("pod", "kill"),
            List.of("pod", "pause"), List.of("pod", "unpause"), List.of("pod", "restart"),
            List.of("pod", "prune", "-f"),
            List.of("create"), List.of("ps"), List.of("rm"), List.of("start"), List.of("stop"), List.of("inspect"),
            List.of("kill"), List.of("pause"), List.of("unpause"), List.of("restart"), List.of("container", "exists"),
            List.of("container", "inspect"), List.of("images"), List.of("image", "ls"), List.of("image", "inspect"),
            List.of("image", "rm"), List.of("version"), List.of("run", "-d"), List.of("nosuchcommand"), List.of());
    private static final List<String> TOKENS = List.of("-a", "--all", "-f", "--force", "-t", "0", "-1", "99999999999",
            "-q", "--no-trunc", "--format", "{{.ID}}", "{{json .}}", "table {{.Names}}", "{{", "{{.Nope}}", "json",
            "--filter", "name=c1", "status=running", "label=a=b", "bogus=1", "--name", "--pod", "--label", "a=b", "=x",
            "--sort", "created", "-l", "--latest", "--signal", "KILL", "BOGUS", "--time", "abc", "--", "-", "--x",
            "p1", "c1", "c2", "busybox", "localhost/busybox:latest", "sleep", "100", "--infra=false", "--share", "pid",
            "--exit-policy", "stop", "--requires", "--cpus", "NaN", "-m", "1x", "--env", "A", "-e", "--workdir", "rel",
            "--restart", "always", "--rm", "--help");
    private static final Set<String> EXISTING = Set.of("p1", "c1", "c2", "name=c1");
    private static final Set<Integer> EXIT_CODES = Set.of(0, 1, 125, 126, 127);
    static final Map<String, AtomicInteger> CODES = new TreeMap<>();

    Path tmp;
    int tries;

    @BeforeEach
    void open() throws IOException {
        tmp = Files.createTempDirectory("peapod-cli-fuzz");
    }

    @AfterEach
    void close() {
        TestDirs.deleteTree(tmp);
    }

    @AfterAll
    static void report() {
        System.out.println("CliPropertiesTest: argument vectors by exit code " + CODES);
    }

    /** A real command (or none, or a bogus one) followed by up to 6 tokens: mostly real flags and names, some junk. */
    static final Gen<List<String>> ARGV;

    static {
        Gen<String> junk = Gen.oneOf(Gen.anyStrings(20), Gen.strings("-=.:/{}$ab1", 0, 12));
        Gen<String> token = Gen.weighted(5, Gen.of(TOKENS), 1, junk);
        ARGV = Gen.of(COMMANDS).flatMap(cmd -> token.list(0, 6).map(rest -> {
            List<String> all = new ArrayList<>(cmd);
            all.addAll(rest);
            return all;
        }));
    }

    @Test
    void argumentVectorsEndCleanlyAndFailuresLeaveTheStoreAlone() {
        Gen.check("argument vectors", TRIES, ARGV, this::runOnAFreshStore);
    }

    private void runOnAFreshStore(List<String> argv) {
        EngineCli cli = new EngineCli(tmp.resolve("try" + tries++));
        cli.ok("pod", "create", "--name", "p1");
        cli.ok("create", "--pod", "p1", "--name", "c1", "busybox", "sleep", "100");
        cli.ok("create", "--name", "c2", "busybox", "true");
        cli.ok("start", "c1");
        String before = snapshot(cli);

        Cli.Result r = cli.run(argv.toArray(String[]::new));
        synchronized (CODES) {
            CODES.computeIfAbsent(String.valueOf(r.code()), k -> new AtomicInteger()).incrementAndGet();
        }
        String what = String.join(" ", argv) + " -> " + r.code() + "\n" + r.err();
        assertThat(r.code()).as(what).isIn(EXIT_CODES);
        assertThat(r.err()).as(what).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.out()).as(what).doesNotContain("\tat ");
        if (r.code() == 125) {
            assertThat(r.err()).as(what).startsWith("Error: ");
        }
        if (r.code() != 0) {
            boolean parseError = r.err().contains("\nSee '") || r.err().contains("unrecognized command");
            boolean namesExisting = argv.stream().anyMatch(EXISTING::contains)
                    || argv.stream().anyMatch(a -> a.equals("-a") || a.equals("--all") || a.equals("-l")
                            || a.equals("--latest"));
            if (parseError || !namesExisting) {
                assertThat(snapshot(cli)).as("store after a failed " + what).isEqualTo(before);
            }
        }
    }

    /** Pods and containers with their states, as one comparable string. */
    private static String snapshot(EngineCli cli) {
        StringBuilder b = new StringBuilder();
        for (Pod p : cli.engine().runtime().pods()) {
            b.append("pod ").append(p.id()).append(' ').append(p.name()).append(' ').append(p.status()).append('\n');
        }
        for (Container c : cli.engine().runtime().containers()) {
            b.append("ctr ").append(c.id()).append(' ').append(c.name()).append(' ').append(c.refresh().state())
                    .append('\n');
        }
        return b.toString();
    }

    /** Items for {@code KEY=VALUE} flags: any characters, separators and blanks, and the edge cases around '='. */
    static final Gen<String> HOSTILE = Gen.oneOf(Gen.anyStrings(30), Gen.strings("ab=, \t\n\u0000", 0, 10),
            Gen.of("", "=", "==", "a=", "=a", " =a", "a=b=c"));

    @Test
    void keyValuesParseOrQuoteTheBadItem() {
        Gen.check("key=value items", TRIES, HOSTILE.list(0, 12), items -> {
            try {
                Map<String, String> m = KeyValues.parse(items, "label");
                for (String item : items) {
                    int eq = item.indexOf('=');
                    assertThat(m).containsKey(eq < 0 ? item : item.substring(0, eq));
                }
            } catch (InvalidArgumentException e) {
                assertThat(items.stream().anyMatch(i -> e.getMessage().contains("\"" + i + "\"")))
                        .as(e.getMessage()).isTrue();
            }
        });
    }

    /** Data a template sees: the kinds of values podman's reports hold. */
    public record Row(String ID, List<String> Names, Map<String, String> Labels, long Size, boolean Running,
                      Instant Created, Row Parent) {
    }

    /** Templates glued from pieces of the template language, field names, literals and a little junk. */
    static final Gen<String> TEMPLATE = Gen.oneOf(
            Gen.of("{{", "}}", "{{-", "-}}", ".", ".ID", ".Names", ".Labels", ".Size", ".Running",
                    ".Created", ".Parent", ".Parent.ID", ".Nope", "$", "$x", ":=", "=", "|", "(", ")", " ", "\"",
                    "`", "'", "range", "if", "else", "end", "with", "json", "upper", "lower", "join", "index",
                    "len", "printf", "\"%s\"", "\"%d\"", "\"%v\"", "truncate", "split", "table", "\\t", "\\n",
                    "/*", "*/", "nil", "true", "1", "-1", "1.5e400", "0x", "define", "template", "block"),
            Gen.anyStrings(4)).list(0, 14).map(l -> String.join("", l));

    @Test
    void templatesRenderOrFailWithATemplateError() {
        Row parent = new Row("p", List.of(), Map.of(), 0, false, Instant.EPOCH, null);
        Row row = new Row("0123456789ab", List.of("a", "b"), Map.of("k", "v"), 1234, true, Instant.EPOCH, parent);
        Gen.check("templates", TRIES, TEMPLATE, format -> {
            try {
                Template t = Template.parse(format);
                assertThat(t.execute(row)).isNotNull();
                if (t.isTable()) {
                    assertThat(t.header(Map.of())).isNotNull();
                }
            } catch (TemplateException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        });
    }
}
