package dev.peapod.core.sys;

import dev.peapod.core.define.RuntimeFailureException;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link ProcessRunner} on glibc's posix_spawn ({@link Libc#spawn}): the child is started straight from this process
 * (a vfork-style clone and one exec) instead of through the JDK's {@code jspawnhelper}, which costs a second exec per
 * child, and it inherits nothing but its three standard descriptors (every other one is closed in the child).
 *
 * <p>Contract, as {@link ProcessRunner#run}: the program is looked up on this process's {@code PATH} when it has no
 * slash; its environment is this process's plus {@code env}; stdin is the given bytes (written on a thread of their
 * own, so a child that does not read them cannot block the timeout) or /dev/null; stdout and stderr are drained at
 * once so neither pipe fills up. Platform threads of a shared pool wait for the child and move its bytes; on timeout or interrupt
 * the child and its descendants are killed with SIGKILL and the child is reaped before this method returns, so no
 * zombie is left.
 */
final class SpawnRunner implements ProcessRunner {
    static final SpawnRunner INSTANCE = new SpawnRunner();
    private static final int SIGKILL = 9;

    /**
     * waitpid and the pipes' reads and writes block in native code: on platform threads (reused), never on virtual
     * ones, whose few carriers (one a core) they would pin while a caller waits for its timeout.
     */
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("peapod-child-io-", 0).daemon().stackSize(256 * 1024).factory());

    private SpawnRunner() {
    }

    @Override
    public Result run(List<String> command, Map<String, String> env, byte[] stdin, Duration timeout) {
        String name = command.getFirst();
        List<Closeable> open = new ArrayList<>();
        long pid;
        InputStream out;
        InputStream err;
        OutputStream in = null;
        try {
            List<String> argv = new ArrayList<>(command);
            argv.set(0, resolve(name));
            Map<String, String> environment = new HashMap<>(System.getenv());
            environment.putAll(env);
            Libc.Pipe po = Libc.pipe();
            Libc.Pipe pe = Libc.pipe();
            Libc.Pipe pi = stdin == null ? null : Libc.pipe();
            try {
                // streams of our own over the parent's ends, reopened through /proc while the other end is still
                // open here (so the open cannot wait for a peer); the raw pipe descriptors are closed below
                out = track(open, new FileInputStream("/proc/self/fd/" + po.readFd()));
                err = track(open, new FileInputStream("/proc/self/fd/" + pe.readFd()));
                Map<Integer, Integer> fds = new HashMap<>(Map.of(1, po.writeFd(), 2, pe.writeFd()));
                if (pi != null) {
                    in = track(open, new FileOutputStream("/proc/self/fd/" + pi.writeFd()));
                    fds.put(0, pi.readFd());
                }
                pid = Libc.spawn(argv, environment, fds, null);
            } finally {
                Libc.close(po.readFd());
                Libc.close(po.writeFd());
                Libc.close(pe.readFd());
                Libc.close(pe.writeFd());
                if (pi != null) {
                    Libc.close(pi.readFd());
                    Libc.close(pi.writeFd());
                }
            }
        } catch (Libc.SyscallException e) {
            closeAll(open);
            throw new RuntimeFailureException("cannot run " + name + ": " + e.getMessage()
                    + " (is it installed and on PATH?)", e);
        } catch (IOException | RuntimeException e) {
            closeAll(open);
            throw new RuntimeFailureException("cannot run " + name + ": " + e.getMessage(), e);
        }
        Future<Integer> exit = WORKERS.submit(() -> Libc.waitpid(pid));
        ByteArrayOutputStream outBuf = new ByteArrayOutputStream();
        ByteArrayOutputStream errBuf = new ByteArrayOutputStream();
        Future<?> to = WORKERS.submit(() -> drain(out, outBuf));
        Future<?> te = WORKERS.submit(() -> drain(err, errBuf));
        if (in != null) {
            OutputStream sink = in;
            WORKERS.submit(() -> feed(sink, stdin));
        }
        int code;
        try {
            code = exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            to.get();
            te.get();
        } catch (TimeoutException e) {
            kill(pid);
            awaitReaped(exit);
            throw new RuntimeFailureException(name + " did not finish within " + timeout + " and was killed",
                    command, -1, text(errBuf));
        } catch (InterruptedException e) {
            kill(pid);
            awaitReaped(exit);
            Thread.currentThread().interrupt();
            throw new RuntimeFailureException("interrupted while running " + name, e);
        } catch (ExecutionException e) {
            throw new RuntimeFailureException("cannot wait for " + name + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
        return new Result(List.copyOf(command), code, text(outBuf), text(errBuf));
    }

    /**
     * The program's path: {@code name} itself when it has a slash, else the first executable regular file of that
     * name in this process's {@code PATH} (as {@link ProcessBuilder} looks it up).
     *
     * @throws Libc.SyscallException ENOENT when there is none
     */
    static String resolve(String name) {
        if (name.indexOf('/') >= 0) {
            return name;
        }
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/local/bin:/usr/bin:/bin" : path).split(":", -1)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new Libc.SyscallException("posix_spawn(" + name + ")", Libc.ENOENT);
    }

    /** SIGKILL to the child's descendants (a killed runc's helpers), then to the child. */
    private static void kill(long pid) {
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
        try {
            Libc.kill(pid, SIGKILL);
        } catch (Libc.SyscallException e) {
            // already gone; the reaper has it
        }
    }

    /** Waits for the reaper to have collected the killed child, even if this thread is interrupted meanwhile. */
    private static void awaitReaped(Future<Integer> exit) {
        boolean interrupted = false;
        while (true) {
            try {
                exit.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static <T extends Closeable> T track(List<Closeable> open, T c) {
        open.add(c);
        return c;
    }

    private static void closeAll(List<Closeable> open) {
        for (Closeable c : open) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing was read or written through it
            }
        }
    }

    private static void feed(OutputStream sink, byte[] bytes) {
        try (sink) {
            sink.write(bytes);
        } catch (IOException ignored) {
            // the child exited or closed its stdin without reading all of it: what it did is in its exit code
        }
    }

    private static void drain(InputStream in, ByteArrayOutputStream sink) {
        try (in) {
            in.transferTo(sink);
        } catch (IOException ignored) {
            // the process went away; what was read is kept
        }
    }

    private static String text(ByteArrayOutputStream buf) {
        return buf.toString(StandardCharsets.UTF_8);
    }
}
