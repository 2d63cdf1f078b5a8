package dev.peapod.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peapod.core.define.RuntimeFailureException;
import dev.peapod.core.sys.Libc;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One conmon start and the pipes conmon talks back through (its API version 1), after the descriptors passed on to the
 * container's process ({@code --preserve-fds N}: conmon's 3 to N+2, which runc hands on), so the pipes' numbers below
 * are shifted by N: {@code _OCI_SYNCPIPE} (fd 3) gets
 * {@code {"data": PID}} once the runtime made the process, or {@code {"data": -1, "message": ...}}, and for an exec
 * then {@code {"data": EXITCODE}} when it ends; {@code _OCI_STARTPIPE} (fd 4, optional) holds conmon before it forks
 * until the parent writes, and an attached exec a second time, after the parent connected to the attach socket;
 * {@code _OCI_ATTACHPIPE} (fd 5, optional) gets {@code {"data": 0}} once that socket listens.
 *
 * <p>conmon forks a daemon whose first process exits at once, and the daemon replaces fds 0-2 with /dev/null, so the
 * pipes must be further descriptors, which {@link ProcessBuilder} cannot pass: conmon is started with
 * {@link Libc#spawn}. End of file on a pipe without a line means conmon died. Not thread-safe: one caller drives it.
 */
final class ConmonLaunch implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> argv;
    private final String id;
    private final Libc.Pipe sync;
    private final Libc.Pipe err;
    private final Libc.Pipe start;
    private final Libc.Pipe attach;
    private InputStream syncIn;
    private long parent;

    private ConmonLaunch(List<String> argv, String id, boolean startPipe, boolean attachPipe) {
        this.argv = argv;
        this.id = id;
        this.sync = Libc.pipe();
        this.err = Libc.pipe();
        this.start = startPipe ? Libc.pipe() : null;
        this.attach = attachPipe ? Libc.pipe() : null;
    }

    /**
     * Starts conmon; with a start pipe it waits in conmon until {@link #release}.
     *
     * @throws RuntimeFailureException if conmon cannot be started
     */
    static ConmonLaunch spawn(List<String> argv, String id, Path dir, boolean startPipe, boolean attachPipe,
            List<Integer> passed) {
        return spawn(argv, id, dir, startPipe, attachPipe, passed, List.of());
    }

    /**
     * {@link #spawn(List, String, Path, boolean, boolean, List)}, conmon also inheriting {@code held} (as fds 6 and
     * up, after the passed ones), which it keeps open for its life: podman's port reservations.
     *
     * @param passed this process's descriptors that conmon gets as 3, 4, ... and passes on to the runtime (the
     *               argv says {@code --preserve-fds} to it); conmon marks its pipes close-on-exec, not these
     */
    static ConmonLaunch spawn(List<String> argv, String id, Path dir, boolean startPipe, boolean attachPipe,
            List<Integer> passed, List<Integer> held) {
        ConmonLaunch l = new ConmonLaunch(argv, id, startPipe, attachPipe);
        Map<String, String> env = new HashMap<>(System.getenv());
        int n = passed.size();
        Map<Integer, Integer> fds = new HashMap<>(Map.of(1, l.err.writeFd(), 2, l.err.writeFd(),
                3 + n, l.sync.writeFd()));
        for (int i = 0; i < n; i++) {
            fds.put(3 + i, passed.get(i));
        }
        env.put("_OCI_SYNCPIPE", Integer.toString(3 + n));
        if (startPipe) {
            env.put("_OCI_STARTPIPE", Integer.toString(4 + n));
            fds.put(4 + n, l.start.readFd());
        }
        if (attachPipe) {
            env.put("_OCI_ATTACHPIPE", Integer.toString(5 + n));
            fds.put(5 + n, l.attach.writeFd());
        }
        for (int i = 0; i < held.size(); i++) {
            fds.put(6 + n + i, held.get(i));
        }
        try {
            l.parent = Libc.spawn(argv, env, fds, dir);
        } catch (Libc.SyscallException e) {
            l.close();
            throw new RuntimeFailureException("cannot start " + argv.getFirst() + ": " + e.getMessage(), e);
        } finally {
            Libc.close(l.sync.writeFd());
            Libc.close(l.err.writeFd());
            if (startPipe) {
                Libc.close(l.start.readFd());
            }
            if (attachPipe) {
                Libc.close(l.attach.writeFd());
            }
        }
        return l;
    }

    /** Lets conmon go on past its start pipe (once before it forks, and for an attached exec once more). */
    void release() {
        dev.peapod.core.sys.Fds.write(start.writeFd(), new byte[] {'0'}, 0, 1);
    }

    /** Closes the start pipe: conmon reads end of file and goes on. */
    void closeStart() {
        if (start != null) {
            Libc.close(start.writeFd());
        }
    }

    /**
     * Waits for conmon's first process, which forks the daemon and exits.
     *
     * @throws RuntimeFailureException with conmon's stderr if it failed
     */
    void awaitParent() {
        int rc = Libc.waitpid(parent);
        if (rc != 0) {
            String stderr;
            try {
                stderr = readAll(err.readFd());
            } catch (IOException e) {
                stderr = "";
            }
            throw new RuntimeFailureException("conmon for container " + id + " failed to start", argv, rc, stderr);
        }
    }

    /** Reads conmon's "attach socket ready" message. @throws RuntimeFailureException if conmon died first */
    void awaitAttachReady() {
        try (InputStream in = new FileInputStream("/proc/self/fd/" + attach.readFd())) {
            String line = readLine(in);
            if (line.isEmpty()) {
                throw new RuntimeFailureException("conmon for " + id + " ended before its attach socket was ready",
                        argv, -1, "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot talk to conmon for " + id, e);
        }
    }

    /** One message on the sync pipe: a pid or exit code in {@code data}, and an error text if any. */
    record Message(long data, String message) {
    }

    /**
     * Reads the next message conmon writes to the sync pipe; a watchdog kills {@code conmonPid} if none arrives
     * within {@code timeout} (a zero timeout waits for ever).
     *
     * @throws RuntimeFailureException if conmon ended without a message or timed out
     */
    Message read(Duration timeout, long conmonPid, String what) {
        AtomicBoolean answered = new AtomicBoolean();
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread watchdog = timeout.isZero() ? null : Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(timeout);
                if (!answered.get() && RunFiles.isConmonFor(conmonPid, id)) {
                    timedOut.set(true);
                    Libc.kill(conmonPid, 9);
                }
            } catch (InterruptedException | Libc.SyscallException ignored) {
                // answered in time, or conmon is already gone
            }
        });
        String line;
        try {
            if (syncIn == null) {
                syncIn = new FileInputStream("/proc/self/fd/" + sync.readFd());
            }
            line = readLine(syncIn);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot talk to conmon for " + id, e);
        } finally {
            answered.set(true);
            if (watchdog != null) {
                watchdog.interrupt();
            }
        }
        if (timedOut.get()) {
            throw new RuntimeFailureException(what + " took longer than " + timeout + "; conmon was killed", argv,
                    -1, "");
        }
        if (line.isEmpty()) {
            throw new RuntimeFailureException("conmon for " + id + " exited without reporting " + what
                    + " (see the system log)", argv, -1, "");
        }
        try {
            JsonNode msg = JSON.readTree(line);
            long v = msg.has("data") ? msg.get("data").asLong() : msg.path("pid").asLong(-1);
            return new Message(v, msg.has("message") ? msg.get("message").asText() : null);
        } catch (IOException e) {
            throw new RuntimeFailureException("conmon for " + id + " wrote \"" + line + "\", not JSON", argv, -1, "");
        }
    }

    /** The command line conmon was started with. */
    List<String> argv() {
        return argv;
    }

    @Override
    public void close() {
        try {
            if (syncIn != null) {
                syncIn.close();
            }
        } catch (IOException ignored) {
            // closing a pipe
        }
        Libc.close(sync.readFd());
        Libc.close(err.readFd());
        if (start != null) {
            Libc.close(start.writeFd());
        }
        if (attach != null) {
            Libc.close(attach.readFd());
        }
    }

    /** Reads a pipe to end of file through /proc/self/fd, which gives blocking Java I/O on the descriptor. */
    private static String readAll(int fd) throws IOException {
        try (InputStream in = new FileInputStream("/proc/self/fd/" + fd)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            sb.append((char) c);
        }
        return sb.toString().strip();
    }
}
