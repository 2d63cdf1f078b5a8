package dev.peapod.core;

import dev.peapod.core.testing.TestStore;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The harness of core's integration tests on a real {@link Runtime}: each test gets its own temporary directory with
 * the store in it ({@code dir/root}, {@code dir/run}), its own cgroup parent, and a runtime over them whose conmon
 * exit command is {@link CleanupMain} ({@link #runtime()}, opened on first use). After the test every pod and
 * container is removed through the runtime, which is closed, and nothing may be left: no mount under the directory,
 * no process in the cgroup parent, no process that mentions the directory ({@link TestStore#finish}, shared with the
 * CLI's fixture). Whatever is left is then killed, the cgroup parent removed and the directory deleted, so a failing
 * test leaves nothing behind either.
 *
 * <p>Register it on an instance field: {@code @RegisterExtension final RuntimeStore store = RuntimeStore.named("x-it");}.
 * Its set-up runs before the class's {@code @BeforeEach} methods, its checks after its {@code @AfterEach} methods.
 */
public final class RuntimeStore implements BeforeEachCallback, AfterEachCallback {
    private final String name;
    private TestStore store;
    private Runtime runtime;

    private RuntimeStore(String name) {
        this.name = name;
    }

    /** A fixture whose cgroup parents are {@code /peapod-NAME-xxxxxxxx}, its directories {@code TMP/peapod-it-xxxxxxxx}. */
    public static RuntimeStore named(String name) {
        return new RuntimeStore(name);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        store = TestStore.create(name);
        runtime = null;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        store.finish(() -> {
            if (runtime != null) {
                try {
                    for (Pod p : runtime.pods()) {
                        runtime.removePod(p, true, 0);
                    }
                    for (Container c : runtime.containers().reversed()) {
                        runtime.removeContainer(c, true, 0);
                    }
                } finally {
                    runtime.close();
                    runtime = null;
                }
            }
        });
    }

    /** The test's own directory: the store is in {@code root} and {@code run} below it; the rest is the test's. */
    public Path dir() {
        return store.dir();
    }

    /** The cgroup parent every pod and container of the store is created under. */
    public String cgroupParent() {
        return store.cgroupParent();
    }

    /** The options of the store's runtime: its root and run root, cgroup parent, {@link CleanupMain} as exit command. */
    public RuntimeOptions options() {
        return CleanupMain.optionsFor(dir(), cgroupParent());
    }

    /** The runtime over the store, opened with {@link #options()} on first use and closed after the test. */
    public Runtime runtime() {
        if (runtime == null) {
            runtime = Runtime.open(options());
        }
        return runtime;
    }

    /**
     * Makes {@code opened} the store's runtime, cleared and closed after the test, for a test that reopens the store
     * with other options (it closes the previous runtime itself first, as two runtimes of one store in one JVM
     * would contend for its locks). Returns {@code opened}.
     */
    public Runtime use(Runtime opened) {
        runtime = opened;
        return opened;
    }
}
