package dev.peapod.core;

import dev.peapod.core.lock.LocalLockManager;
import dev.peapod.core.state.InMemoryState;
import dev.peapod.core.testing.FakeOciRuntime;
import dev.peapod.core.testing.FakeStorage;
import java.nio.file.Path;

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
        // networks are stored for real; namespaces are plain files, netavark is not run (every call prints "{}")
        Runtime rt = Runtime.builder().store(dir.resolve("root"), dir.resolve("run")).state(new InMemoryState())
                .locks(locks).ociRuntime(oci).storage(storage).podCgroups(false).refreshAfterReboot(false)
                .networks(new dev.peapod.core.network.PodNetworks(
                        new dev.peapod.core.network.NetworkStore(dir.resolve("root/networks"), locks),
                        dir.resolve("run/networks"), locks,
                        (cmd, env, stdin, timeout) -> new dev.peapod.core.sys.ProcessRunner.Result(cmd, 0, "{}", ""),
                        Path.of("netavark"), Path.of("aardvark-dns"),
                        new dev.peapod.core.testing.FakeNetNamespaces(dir.resolve("netns"))))
                .build();
        return new Faked(rt, oci, storage);
    }
}
