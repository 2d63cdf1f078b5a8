package dev.peapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.testing.TestStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The harness of the CLI's integration tests on the real engine: each test gets its own temporary directory with the
 * store in it ({@code --root dir/root --runroot dir/run}) and its own cgroup parent, runs peapod command lines over
 * that store in this JVM ({@link #run}, {@link #ok}), and after the test everything is removed through peapod (pods,
 * containers, volumes) and checked gone ({@link TestStore#finish}, shared with core's fixture): no process left that
 * mentions the directory, nothing mounted under it, no process in the cgroup parent. Whatever is left is then killed,
 * the cgroup parent removed and the directory deleted, so a failing test leaves nothing behind either.
 *
 * <p>Register it on an instance field: {@code @RegisterExtension final CliStore cli = CliStore.named("cp-it");}. Its
 * set-up runs before the test class's {@code @BeforeEach} methods and its checks after its {@code @AfterEach}
 * methods, so a test's own clean-up (a network, a registry) runs between {@link #removeAll} and the leak checks.
 */
public final class CliStore implements BeforeEachCallback, AfterEachCallback {
    private final String name;
    private final List<String> extraGlobal = new ArrayList<>();
    private TestStore store;

    private CliStore(String name) {
        this.name = name;
    }

    /** A fixture whose cgroup parents are {@code /peapod-NAME-xxxxxxxx}, its directories {@code TMP/peapod-it-xxxxxxxx}. */
    public static CliStore named(String name) {
        return new CliStore(name);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        store = TestStore.create(name);
        extraGlobal.clear();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        store.finish(this::removeAll);
    }

    /** The test's own directory: the store is in {@code root} and {@code run} below it; the rest is the test's. */
    public Path dir() {
        return store.dir();
    }

    /** The cgroup parent every pod and container of the store is created under. */
    public String cgroupParent() {
        return store.cgroupParent();
    }

    /** Adds global options (e.g. {@code --runtime PATH}) to every later command line of this test. */
    public void addGlobal(String... options) {
        extraGlobal.addAll(List.of(options));
    }

    /** The global options that name the store: {@code --root}, {@code --runroot} and those {@link #addGlobal added}. */
    public List<String> global() {
        List<String> all = new ArrayList<>(List.of("--root", dir().resolve("root").toString(), "--runroot",
                dir().resolve("run").toString()));
        all.addAll(extraGlobal);
        return all;
    }

    /** Runs one command line over the store, as a separate peapod process would (it opens and closes the store). */
    public Cli.Result run(String... args) {
        return Cli.onRealEngine(global(), cgroupParent(), args);
    }

    /** Runs one command line, fails the test (naming the command and its stderr) unless it exits 0; its stdout. */
    public String ok(String... args) {
        return succeeds(args).out();
    }

    /** As {@link #ok} but the whole result, for a test that also checks what the command wrote to stderr. */
    public Cli.Result succeeds(String... args) {
        Cli.Result r = run(args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r;
    }

    /** Removes every pod, container and volume of the store through peapod (forced, no stop timeout); idempotent. */
    public void removeAll() {
        run("pod", "rm", "-a", "-f", "-t", "0");
        run("rm", "-a", "-f", "-t", "0");
        run("volume", "rm", "-a", "-f");
    }
}
