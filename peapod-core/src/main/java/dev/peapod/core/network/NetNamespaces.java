package dev.peapod.core.network;

import dev.peapod.core.define.RuntimeFailureException;
import dev.peapod.core.sys.Libc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Named network namespaces, kept as ip-netns(8) keeps them: the namespace bind-mounted on a file
 * in a directory ({@code /run/netns}), so it outlives every process in it until deleted.
 */
public interface NetNamespaces {

    /** The directory the namespaces are mounted in. */
    Path dir();

    /**
     * Creates a new, empty network namespace at {@code dir()/name}.
     *
     * @throws RuntimeFailureException if it cannot be made (nothing is left behind then)
     */
    Path create(String name);

    /** Deletes a namespace made by {@link #create}; nothing happens if it is not there. */
    void delete(Path path);

    /** Whether a namespace is mounted at {@code path} (a file left by a process killed half-way is not one). */
    boolean exists(Path path);

    /**
     * The host's: {@code /run/netns}, through unshare(2) on a platform thread of its own and a bind
     * mount of that thread's namespace (no process is run).
     */
    static NetNamespaces host() {
        return Host.INSTANCE;
    }

    /** {@link #host()}: FFM syscalls only. */
    final class Host implements NetNamespaces {
        static final Host INSTANCE = new Host();
        private static final Path DIR = Path.of("/run/netns");

        private Host() {
        }

        @Override
        public Path dir() {
            return DIR;
        }

        @Override
        public Path create(String name) {
            Path path = DIR.resolve(name);
            try {
                Files.createDirectories(DIR);
                makeShared();
                Files.createFile(path);
            } catch (IOException e) {
                throw new RuntimeFailureException("cannot create network namespace file " + path + ": " + e, e);
            }
            AtomicReference<RuntimeException> failure = new AtomicReference<>();
            Thread t = Thread.ofPlatform().name("peapod-netns").start(() -> {
                try {
                    Libc.unshare(Libc.CLONE_NEWNET);
                    Libc.mount("/proc/thread-self/ns/net", path.toString(), "none", Libc.MS_BIND, null);
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            });
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, new RuntimeFailureException("interrupted creating " + path, e));
            }
            if (failure.get() != null) {
                delete(path);
                throw new RuntimeFailureException("cannot create network namespace " + path + ": "
                        + failure.get().getMessage(), failure.get());
            }
            return path;
        }

        @Override
        public boolean exists(Path path) {
            String target = " " + path.toAbsolutePath().normalize() + " ";
            try {
                return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(l -> l.contains(target)
                        && l.contains(" - nsfs "));
            } catch (IOException e) {
                return Files.exists(path);
            }
        }

        @Override
        public void delete(Path path) {
            try {
                Libc.umount2(path.toString(), Libc.MNT_DETACH);
            } catch (Libc.SyscallException e) {
                // not mounted (EINVAL) or not there (ENOENT): the file alone is left to remove
            }
            // A container's mount namespace cloned while the namespace was mounted holds a copy of the mount until
            // its detached old root is released; unlink(2) answers EBUSY meanwhile. The shared /run/netns
            // (makeShared) propagates the unmount to those copies, so the wait is short.
            for (int attempt = 0; ; attempt++) {
                try {
                    Files.deleteIfExists(path);
                    return;
                } catch (IOException e) {
                    if (attempt >= 50 || !String.valueOf(e.getMessage()).contains("busy")) {
                        throw new UncheckedIOException("cannot delete network namespace " + path + ": "
                                + e.getMessage(), e);
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw new UncheckedIOException("interrupted deleting network namespace " + path, e);
                    }
                }
            }
        }

        /**
         * Makes {@code /run/netns} a shared mount point, as ip-netns(8) does, so that unmounting a namespace also
         * unmounts the copies that mount namespaces cloned from the host's (containers) hold; without it those
         * copies keep the namespace file busy. Two processes racing here at worst stack two bind mounts.
         */
        private static void makeShared() throws IOException {
            boolean mounted = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .anyMatch(l -> l.split(" ", 6)[4].equals(DIR.toString()));
            try {
                if (!mounted) {
                    Libc.mount(DIR.toString(), DIR.toString(), "none", Libc.MS_BIND | Libc.MS_REC, null);
                }
                Libc.mount("none", DIR.toString(), null, Libc.MS_SHARED | Libc.MS_REC, null);
            } catch (Libc.SyscallException e) {
                throw new IOException("cannot make " + DIR + " a shared mount: " + e.getMessage(), e);
            }
        }
    }
}
