package dev.peapod.core;

import dev.peapod.core.lock.LocalLockManager;
import dev.peapod.core.state.InMemoryState;
import dev.peapod.core.testing.FakeOciRuntime;
import dev.peapod.core.testing.FakeStorage;
import java.nio.file.Path;
import java.util.List;

/** For the CLI's tests: a real engine over an in-memory state, local locks and core's fake OCI runtime. */
public final class TestRuntimes {
    private TestRuntimes() {
    }

    /** A runtime over {@code dir}, with its fake OCI runtime so tests can make containers exit. */
    public record Faked(Runtime runtime, FakeOciRuntime oci, FakeStorage storage) {
    }

    public static Faked fake(Path dir) {
        FakeOciRuntime oci = new FakeOciRuntime(dir.resolve("logs"));
        FakeStorage storage = new FakeStorage(dir.resolve("storage"));
        Runtime rt = new Runtime(RuntimeOptions.at(dir.resolve("root"), dir.resolve("run")), new InMemoryState(),
                new LocalLockManager(), oci, storage, Runtime.CgroupHooks.NONE, List.of());
        return new Faked(rt, oci, storage);
    }
}
