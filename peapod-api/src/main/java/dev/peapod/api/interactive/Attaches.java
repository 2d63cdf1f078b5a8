package dev.peapod.api.interactive;

import dev.peapod.api.common.ContainerOutput;
import dev.peapod.api.http.HttpResponse;
import dev.peapod.core.Container;
import dev.peapod.core.container.KubeLogReader;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.attach.AttachStreams;
import dev.peapod.core.attach.Attachment;
import dev.peapod.core.attach.DetachKeys;
import dev.peapod.core.sys.Terminal;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Attach over the API, live through the engine ({@link Container#attach}, {@link Container#startAndAttach}). A
 * client attaches to a container that is not running yet and then starts it ({@code docker run}, {@code start -a},
 * podman's remote {@code run}): the attach is kept here until the start request comes, which then starts the
 * container attached to it through {@link Container#run} (dependencies first, nothing of its output missed, the
 * {@code --rm} rule of core), so the attach and the start are two requests over one engine operation. A container
 * started some other way meanwhile (the CLI, another client) gets the waiting attach connected to it live.
 */
public final class Attaches {
    private static final long POLL_MS = 250;
    private static final long STREAMS_WAIT_S = 30;

    /**
     * An attach waiting for its container's start, registered before the client hears that its attach is
     * established (it may send the start at once); its streams follow once the connection is taken over.
     */
    public static final class Pending {
        final CompletableFuture<AttachStreams> streams = new CompletableFuture<>();
        final DetachKeys keys;
        final CompletableFuture<Attachment.Result> done = new CompletableFuture<>();
        volatile Terminal.Size size;

        Pending(DetachKeys keys) {
            this.keys = keys;
        }
    }

    /**
     * What an attach request asks for (Docker's and libpod's query parameters).
     *
     * @param stream     follow the container from now on (else only its log, with {@code logs})
     * @param logs       send what it wrote so far first
     * @param detachKeys podman's notation; null for the default, "" for none
     */
    public record Request(boolean stdin, boolean stdout, boolean stderr, boolean stream, boolean logs,
                          String detachKeys) {
        DetachKeys keys() {
            return detachKeys == null ? DetachKeys.defaults() : DetachKeys.parse(detachKeys);
        }
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** Attaches whose start is under way: a resize meanwhile must reach the process once its terminal exists. */
    private final Map<String, Pending> starting = new ConcurrentHashMap<>();
    /**
     * Terminal sizes asked for containers not started yet (a client's resize may overtake its attach): the start
     * gives the terminal this size.
     */
    private final Map<String, Terminal.Size> sizes = new ConcurrentHashMap<>();
    /**
     * Exit codes of the containers this service ran attached, by id, the latest {@link #KEEP_EXITS}: a {@code --rm}
     * container is gone when its client's wait comes after the attach (podman's remote run), and the wait still
     * answers its exit code, as podman's does from its database.
     */
    private final Map<String, Integer> exits = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Integer> e) {
                    return size() > KEEP_EXITS;
                }
            });
    private static final int KEEP_EXITS = 256;

    /**
     * Reserves the start of a container that is not running for this attach, before the connection is taken over;
     * null when the container runs (the attach joins it live), when the request does not follow the container, or
     * when another attach has the start already (this one joins once the container runs).
     */
    public Pending reserve(Container c, Request r) {
        if (!r.stream()) {
            return null;
        }
        ContainerStatus st = c.refresh().state();
        if (st == ContainerStatus.RUNNING || st == ContainerStatus.PAUSED) {
            return null;
        }
        Pending p = new Pending(r.keys());
        p.size = sizes.get(c.id());
        return pending.putIfAbsent(c.id(), p) == null ? p : null;
    }

    /**
     * Serves an attach on the connection until the container's process ends, the client detaches (its detach keys)
     * or goes away.
     *
     * @param reserved what {@link #reserve} gave for this request
     */
    public void serve(Container c, HttpResponse.Hijacked conn, Request r, Pending reserved) throws IOException {
        boolean tty = c.config().terminal();
        AttachStreams streams = HijackStreams.of(conn, tty, r.stdin(), r.stdout(), r.stderr());
        DetachKeys keys = r.keys();
        if (reserved != null) {
            reserved.streams.complete(streams);
        }
        if (r.logs()) {
            ContainerOutput.logs(c, KubeLogReader.Options.tail(-1), false,
                    new ContainerOutput.Options(r.stdout(), r.stderr(), !tty, false), conn.out());
        }
        if (!r.stream()) {
            return;
        }
        if (reserved == null && c.refresh().state().isActive()) {
            live(c, streams, keys);
            return;
        }
        awaitStart(c, reserved, streams, keys);
    }

    /** Releases a reservation whose connection could not be taken over. */
    public void cancel(Container c, Pending reserved) {
        if (reserved != null) {
            pending.remove(c.id(), reserved);
        }
    }

    private void awaitStart(Container c, Pending p, AttachStreams streams, DetachKeys keys) {
        while (true) {
            if (p != null) {
                try {
                    p.done.get(POLL_MS, TimeUnit.MILLISECONDS);
                    return;
                } catch (ExecutionException e) {
                    return; // the start failed: its request reports why
                } catch (TimeoutException e) {
                    if (pending.get(c.id()) != p) {
                        continue; // a start took it: it completes done whatever happens, after the exit is known
                    }
                } catch (InterruptedException e) {
                    pending.remove(c.id(), p);
                    return;
                }
            } else {
                try {
                    Thread.sleep(POLL_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            ContainerStatus st;
            try {
                st = c.refresh().state();
            } catch (PeapodException e) {
                if (p != null) {
                    pending.remove(c.id(), p);
                }
                return; // removed meanwhile
            }
            if (st == ContainerStatus.RUNNING && (p == null || pending.remove(c.id(), p))) {
                live(c, streams, keys); // started elsewhere: nobody else will use this attach
                return;
            }
        }
    }

    private static void live(Container c, AttachStreams streams, DetachKeys keys) {
        try (Attachment a = c.attach(streams, keys)) {
            a.await();
        } catch (PeapodException e) {
            // it ended between the look at its state and the attach: nothing more to send
        }
    }

    /**
     * Starts the container, after its dependencies: attached to the attach waiting for it, if there is one (the
     * call returns once the process runs; the attach's request follows it to its end), else detached.
     *
     * @throws PeapodException as {@link Container#startWithDependencies} and {@link Container#startAndAttach}
     */
    public void start(Container c) {
        Pending p = pending.remove(c.id());
        Terminal.Size asked = sizes.remove(c.id());
        if (p == null) {
            c.startWithDependencies();
            if (asked != null) {
                c.resize(asked);
            }
            return;
        }
        if (asked != null) {
            p.size = asked;
        }
        CompletableFuture<Void> started = new CompletableFuture<>();
        starting.put(c.id(), p);
        Thread.ofVirtual().name("peapod-api-run " + c.name()).start(() -> {
            java.util.concurrent.atomic.AtomicReference<Attachment.Result> result =
                    new java.util.concurrent.atomic.AtomicReference<>(new Attachment.Result(false, -1));
            try {
                c.run(ctr -> {
                    AttachStreams streams;
                    try {
                        streams = p.streams.get(STREAMS_WAIT_S, TimeUnit.SECONDS);
                    } catch (InterruptedException | ExecutionException | TimeoutException e) {
                        throw new dev.peapod.core.define.InvalidStateException("the attach to container " + c.name()
                                + " did not take its connection over within " + STREAMS_WAIT_S + " s");
                    }
                    Terminal.Size first = p.size;
                    Attachment a = ctr.startAndAttach(streams, p.keys, first);
                    starting.remove(c.id(), p);
                    Terminal.Size later = p.size;
                    if (later != null && !later.equals(first)) {
                        a.resize(later); // a resize that came while it started
                    }
                    started.complete(null);
                    try (a) {
                        Attachment.Result r = a.await();
                        if (!r.detached()) {
                            exits.put(c.id(), r.exitCode());
                        }
                        result.set(r);
                        return r.exitCode();
                    }
                });
                // the attach ends once run has cleaned up (and removed a --rm container): a client's next request
                // (a wait, its own remove) then finds the container settled
                p.done.complete(result.get());
            } catch (RuntimeException e) {
                started.completeExceptionally(e);
                p.done.completeExceptionally(e);
            } finally {
                starting.remove(c.id(), p);
                p.done.complete(result.get());
            }
        });
        try {
            started.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    /** The exit code of a container this service ran attached, by its full id, if it is known. */
    public java.util.OptionalInt exitOf(String id) {
        Integer code = exits.get(id);
        return code == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(code);
    }

    /**
     * The size a created container's terminal starts with (Docker's {@code HostConfig.ConsoleSize}), unless a
     * resize before the start says otherwise.
     */
    public void initialSize(Container c, Terminal.Size size) {
        sizes.put(c.id(), size);
    }

    /** Resizes the container's terminal, or sets the size its waiting attach starts it with. */
    public void resize(Container c, Terminal.Size size) {
        Pending p = pending.get(c.id());
        if (p == null) {
            p = starting.get(c.id());
        }
        if (p != null) {
            p.size = size;
        }
        if (c.config().terminal() && !c.refresh().state().isActive()) {
            sizes.put(c.id(), size);
        }
        c.resize(size);
    }
}
