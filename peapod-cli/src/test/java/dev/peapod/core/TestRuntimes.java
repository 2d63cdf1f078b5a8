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
        LocalLockManager locks = new LocalLockManager();
        Runtime rt = new Runtime(RuntimeOptions.at(dir.resolve("root"), dir.resolve("run")), new InMemoryState(),
                locks, oci, storage, CgroupHooks.NONE, List.of());
        // networks are stored for real; namespaces are plain files, netavark is not run (every call prints "{}")
        rt.useNetworks(new dev.peapod.core.network.PodNetworks(
                new dev.peapod.core.network.NetworkStore(dir.resolve("root/networks"), locks), dir.resolve("run/networks"),
                locks, (cmd, env, stdin, timeout) -> new dev.peapod.core.sys.ProcessRunner.Result(cmd, 0, "{}", ""),
                Path.of("netavark"), Path.of("aardvark-dns"),
                new dev.peapod.core.testing.FakeNetNamespaces(dir.resolve("netns"))));
        return new Faked(rt, oci, storage);
    }
}
