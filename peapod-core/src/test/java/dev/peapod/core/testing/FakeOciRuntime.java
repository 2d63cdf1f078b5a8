package dev.peapod.core.testing;

import dev.peapod.core.define.RuntimeFailureException;
import dev.peapod.core.oci.OciRuntime;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory OCI runtime for unit tests. The container's command tells it how to behave:
 * {@code exit N} exits with N as soon as it starts; {@code fail-start} makes start fail;
 * {@code fail-create} makes create fail; {@code ignore-term} survives SIGTERM; {@code fail-stop}
 * survives even SIGKILL (a stuck container); anything else runs until signalled.
 * Every call is recorded in {@link #calls()} as "op name".
 */
public final class FakeOciRuntime implements OciRuntime {
    private record Box(String name, List<String> args, RuntimeStatus status, long pid) {
        Box with(RuntimeStatus s) {
            return new Box(name, args, s, pid);
        }
    }

    private final Map<String, Box> containers = new ConcurrentHashMap<>();
    private final Map<String, Exit> exits = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> signals = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicLong pids = new AtomicLong(1000);
    private final Path logDir;

    public FakeOciRuntime(Path logDir) {
        this.logDir = logDir;
    }

    public List<String> calls() {
        return calls;
    }

    /** Signals delivered to a container, in order. */
    public List<Integer> signals(String id) {
        return signals.getOrDefault(id, List.of());
    }

    /** Ids the runtime currently knows. */
    public java.util.Set<String> known() {
        return containers.keySet();
    }

    /** Makes a running container exit on its own, as if its process ended. */
    public void exitNow(String id, int code) {
        Box b = containers.get(id);
        containers.put(id, b.with(RuntimeStatus.STOPPED));
        exits.put(id, new Exit(code, false, Instant.now()));
    }

    private void record(String op, String id) {
        Box b = containers.get(id);
        calls.add(op + " " + (b == null ? id : b.name()));
    }

    private Box require(String id, String op) {
        Box b = containers.get(id);
        if (b == null) {
            throw new RuntimeFailureException(op + ": container " + id + " does not exist", List.of("fake", op),
                    1, "container does not exist");
        }
        return b;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public Created create(CreateRequest r) {
        String id = r.config().id();
        calls.add("create " + r.config().name());
        if (r.config().args().contains("fail-create")) {
            throw new RuntimeFailureException("create failed", List.of("fake", "create"), 1, "told to fail");
        }
        if (containers.containsKey(id)) {
            throw new RuntimeFailureException("create: container exists", List.of("fake", "create"), 1, "exists");
        }
        long pid = pids.incrementAndGet();
        containers.put(id, new Box(r.config().name(), r.config().args(), RuntimeStatus.CREATED, pid));
        return new Created(pid, 0);
    }

    @Override
    public void start(String id) {
        record("start", id);
        Box b = require(id, "start");
        if (b.status() != RuntimeStatus.CREATED) {
            throw new RuntimeFailureException("start: not created", List.of("fake", "start"), 1, "bad state");
        }
        if (b.args().contains("fail-start")) {
            throw new RuntimeFailureException("start failed", List.of("fake", "start"), 1, "told to fail");
        }
        if (!b.args().isEmpty() && b.args().getFirst().equals("exit")) {
            containers.put(id, b.with(RuntimeStatus.STOPPED));
            exits.put(id, new Exit(Integer.parseInt(b.args().get(1)), false, Instant.now()));
            return;
        }
        containers.put(id, b.with(RuntimeStatus.RUNNING));
    }

    @Override
    public void kill(String id, int signal, boolean all) {
        record("kill" + signal, id);
        Box b = require(id, "kill");
        signals.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(signal);
        if (b.status() == RuntimeStatus.STOPPED) {
            throw new RuntimeFailureException("kill: container not running", List.of("fake", "kill"), 1, "stopped");
        }
        boolean dies = (signal == 9 && !b.args().contains("fail-stop"))
                || (signal == 15 && !b.args().contains("ignore-term") && !b.args().contains("fail-stop")
                        && b.status() != RuntimeStatus.PAUSED);
        if (dies) {
            containers.put(id, b.with(RuntimeStatus.STOPPED));
            exits.put(id, new Exit(128 + signal, false, Instant.now()));
        }
    }

    @Override
    public void pause(String id) {
        record("pause", id);
        Box b = require(id, "pause");
        if (b.status() != RuntimeStatus.RUNNING) {
            throw new RuntimeFailureException("pause: not running", List.of("fake", "pause"), 1, "not running");
        }
        containers.put(id, b.with(RuntimeStatus.PAUSED));
    }

    @Override
    public void resume(String id) {
        record("resume", id);
        Box b = require(id, "resume");
        if (b.status() == RuntimeStatus.PAUSED) {
            containers.put(id, b.with(RuntimeStatus.RUNNING));
        }
    }

    @Override
    public Optional<Status> status(String id) {
        Box b = containers.get(id);
        return b == null ? Optional.empty() : Optional.of(new Status(b.status(), b.pid()));
    }

    @Override
    public Optional<Exit> exit(String id) {
        return Optional.ofNullable(exits.get(id));
    }

    @Override
    public void delete(String id, boolean force) {
        Box b = containers.get(id);
        if (b == null) {
            return;
        }
        record("delete", id);
        if (!force && b.status() == RuntimeStatus.RUNNING) {
            throw new RuntimeFailureException("delete: running", List.of("fake", "delete"), 1, "running");
        }
        containers.remove(id);
    }

    @Override
    public void forgetExit(String id) {
        exits.remove(id);
    }

    /** Attaches nothing: the attachment ends when the container has exited (as conmon closes its clients then). */
    @Override
    public dev.peapod.core.attach.Attachment attach(String id, Path bundle, dev.peapod.core.attach.AttachStreams streams,
                                                boolean tty, dev.peapod.core.attach.DetachKeys keys) {
        calls.add("attach " + id);
        return new dev.peapod.core.attach.Attachment() {
            @Override
            public void resize(dev.peapod.core.sys.Terminal.Size size) {
            }

            @Override
            public Result await() {
                while (!exits.containsKey(id) && status(id).isPresent()) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return new Result(true, -1);
                    }
                }
                return new Result(false, -1);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public Path logPath(String id) {
        return logDir.resolve(id + ".log");
    }
}
