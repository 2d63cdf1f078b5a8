package dev.peapod.core.network;

import dev.peapod.core.lock.FileLocks;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One netavark call at a time on the whole host, across stores and processes. A bridge, its firewall chains and its
 * port forwarding belong to the host's network namespace, not to a store: the default network {@code peapod} is the
 * same bridge in every store (as podman's {@code podman} network is), and netavark decides from the bridge's state
 * whether a teardown removes the network's chains. Two stores setting up and tearing down at once made a setup fail
 * with "iptables: No chain/target/match" when the other store's teardown removed a chain between its steps.
 *
 * <p>A JVM-wide lock orders the threads of one process (an {@code fcntl} lock cannot: the JVM refuses a second lock of
 * the same file as overlapping), then an {@code fcntl} lock on {@link #FILE} orders processes. Where the file cannot be
 * made (a read-only {@code /run}), only the store's own lock applies, as before.
 */
final class HostNetworkLock {
    /** The host-wide lock file; on a tmpfs, so it starts empty at boot like the bridges it guards. */
    static final Path FILE = Path.of("/run/peapod-netavark.lock");
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    private HostNetworkLock() {
    }

    /** Holds the host's network lock until closed. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Waits for the host's network lock. */
    static Held acquire() {
        IN_PROCESS.lock();
        FileChannel ch = null;
        try {
            ch = FileChannel.open(FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLocks.lock(ch);
        } catch (IOException e) {
            close(ch);
            ch = null;
        } catch (RuntimeException | Error e) {
            close(ch);
            IN_PROCESS.unlock();
            throw e;
        }
        FileChannel channel = ch;
        return () -> {
            close(channel); // closing the channel releases its lock
            IN_PROCESS.unlock();
        };
    }

    private static void close(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // the lock goes with the descriptor either way
            }
        }
    }
}
