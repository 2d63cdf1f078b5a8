package dev.peapod.cli.server;

import dev.peapod.cli.BuildInfo;
import dev.peapod.cli.Main;
import dev.peapod.cli.Request;
import dev.peapod.core.define.Signal;
import dev.peapod.core.sys.Libc;
import dev.peapod.core.sys.UnixSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine process: one JVM per store that runs the native client's commands, each on a virtual thread with
 * the client's own context, many at once. It is no daemon in the podman sense: containers are conmon's
 * children, all state is in the store, and it may die at any moment; the client starts a new one.
 *
 * <p>Usage (by the client): {@code java ... -Dpeapod.server.token=T dev.peapod.cli.server.Server SOCKET}. It
 * binds {@code SOCKET} (mode 0600, its directory 0700), serves only peers of its own uid, and exits when it has
 * been idle for {@code $PEAPOD_SERVER_IDLE} seconds (default {@value #DEFAULT_IDLE_SECONDS}), when its socket
 * is removed or replaced (once the commands still running end), and after a client of another build
 * (token) came, which then starts its own. Its stderr is the log the client opened for it.
 */
public final class Server {
    /** How long an engine process waits for the next command before it exits. */
    public static final int DEFAULT_IDLE_SECONDS = 300;
    private static final long TICK_MILLIS = 250;
    /** Idle this long after a command, the process collects its garbage once so the heap can shrink (RSS). */
    private static final long IDLE_GC_NANOS = 10_000_000_000L;
    private static final String CARRIERS_PROPERTY = "jdk.virtualThreadScheduler.parallelism";

    private final Path socket;
    private final String token;
    private final long idleMillis;
    private final AtomicInteger sessions = new AtomicInteger();
    private volatile long lastActivity = System.nanoTime();
    private long collectedFor;
    private volatile boolean stopping;
    private int listener = -1;
    private Object socketKey;

    Server(Path socket, String token, long idleMillis) {
        this.socket = socket;
        this.token = token;
        this.idleMillis = idleMillis;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Server SOCKET");
            System.exit(2);
        }
        // Commands block in native code that pins a virtual thread's carrier (sqlite-jdbc's busy wait sleeps in
        // JNI for up to its busy timeout): with one carrier per core, two such waits on a 2-core machine starve
        // the command holding the database lock. Many carriers (made only when needed) keep requests independent.
        if (System.getProperty(CARRIERS_PROPERTY) == null) {
            System.setProperty(CARRIERS_PROPERTY, "256");
            System.setProperty("jdk.virtualThreadScheduler.maxPoolSize", "256");
        }
        String token = System.getProperty("peapod.server.token", BuildInfo.version());
        Server server = new Server(Path.of(args[0]).toAbsolutePath(), token, idleSeconds(System.getenv(
                "PEAPOD_SERVER_IDLE")) * 1000);
        server.start();
        server.acceptLoop();
        System.exit(0);
    }

    /** {@code $PEAPOD_SERVER_IDLE} in seconds; the default when unset or not a number. */
    static long idleSeconds(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_IDLE_SECONDS;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return DEFAULT_IDLE_SECONDS;
        }
    }

    boolean stopping() {
        return stopping;
    }

    String token() {
        return token;
    }

    void start() throws IOException {
        Path dir = socket.getParent();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.deleteIfExists(socket); // the client that started us holds the start lock: no live server owns it
        listener = UnixSocket.listen(socket, 128);
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        socketKey = key(socket);
        Runtime.getRuntime().addShutdownHook(new Thread(this::releaseSocket));
        Thread watch = Thread.ofPlatform().daemon().name("server-watch").start(this::watch);
        Objects.requireNonNull(watch);
        log("serving " + socket + " (pid " + ProcessHandle.current().pid() + ", token " + token + ", idle "
                + idleMillis / 1000 + " s)");
        releaseStartLock();
    }

    /**
     * The client that started this engine handed it the store's start lock as an inherited descriptor
     * ({@code -Dpeapod.server.startLockFd}); clients that found no engine wait on that lock, so it is released (the
     * descriptor closed) once the socket listens. An engine that dies before that releases it with its descriptors.
     */
    private static void releaseStartLock() {
        String fd = System.getProperty("peapod.server.startLockFd");
        if (fd != null && fd.matches("\\d+")) {
            Libc.close(Integer.parseInt(fd));
        }
    }

    void acceptLoop() {
        int me = UnixSocket.uid();
        while (!stopping) {
            int fd;
            try {
                fd = UnixSocket.accept(listener);
            } catch (Libc.SyscallException e) {
                if (stopping) {
                    break;
                }
                if (e.errno() == Libc.EINTR) {
                    continue;
                }
                log("accept: " + e.getMessage());
                break;
            }
            try {
                UnixSocket.PeerCredentials peer = UnixSocket.peerCredentials(fd);
                if (peer.uid() != me) {
                    log("refused pid " + peer.pid() + " of uid " + peer.uid() + " (serving uid " + me + " only)");
                    Libc.close(fd);
                    continue;
                }
            } catch (RuntimeException e) {
                Libc.close(fd);
                continue;
            }
            sessions.incrementAndGet();
            Thread.ofVirtual().start(() -> {
                try {
                    new Session(this, fd).run();
                } finally {
                    lastActivity = System.nanoTime();
                    sessions.decrementAndGet();
                }
            });
        }
        while (sessions.get() > 0) {
            sleep();
        }
        releaseSocket();
        log("exiting");
    }

    /**
     * Runs one client's command with the client's own context (environment, cwd, descriptors, terminal, the
     * signals it forwards) and returns its exit code.
     */
    int execute(ClientContext client) {
        Request request = Request.builder(client.cwd()).env(client.env()).stdin(client.in()).stdout(client.out())
                .stderr(client.err()).terminal(new ClientTerminal(client))
                .signals(listener -> client.onSignal(n -> listener.accept(new Signal(n))))
                .passedFds(client.passed())
                .build();
        return Main.run(request, client.argv().toArray(String[]::new));
    }

    /** A client of another build came: give up the socket (it starts its own server) and end once idle. */
    void mismatch(String clientToken) {
        log("client of another build (token " + clientToken + "): handing over");
        releaseSocket();
        stop();
    }

    private void stop() {
        stopping = true;
        UnixSocket.shutdown(listener);
    }

    private void watch() {
        while (true) {
            sleep();
            if (!stopping && !Objects.equals(socketKey, key(socket))) {
                log("socket " + socket + " was removed or replaced");
                stop();
            }
            long idle = System.nanoTime() - lastActivity;
            if (!stopping && sessions.get() == 0 && idle >= idleMillis * 1_000_000) {
                log("idle for " + idleMillis / 1000 + " s");
                stop();
            }
            if (!stopping && sessions.get() == 0 && idle >= IDLE_GC_NANOS && collectedFor != lastActivity) {
                collectedFor = lastActivity;
                System.gc(); // with the launcher's MaxHeapFreeRatio the heap shrinks and its pages go back
            }
        }
    }

    /** Removes the socket file if it is still ours (a newer server may have bound the path since). */
    private synchronized void releaseSocket() {
        if (socketKey != null && socketKey.equals(key(socket))) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                log("cannot remove " + socket + ": " + e.getMessage());
            }
        }
        socketKey = null;
    }

    private static Object key(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(TICK_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void log(String message) {
        System.err.println(Instant.now() + " " + message);
    }
}
