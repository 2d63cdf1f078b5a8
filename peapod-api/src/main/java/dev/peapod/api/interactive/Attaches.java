package dev.peapod.api.interactive;

import dev.peapod.api.common.ContainerOutput;
import dev.peapod.api.http.HttpResponse;
import dev.peapod.core.Container;
import dev.peapod.core.container.KubeLogReader;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.oci.AttachStreams;
import dev.peapod.core.oci.Attachment;
import dev.peapod.core.oci.DetachKeys;
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

    /** An attach waiting for its container's start. */
    private static final class Pending {
        final AttachStreams streams;
        final DetachKeys keys;
        final CompletableFuture<Attachment.Result> done = new CompletableFuture<>();
        volatile Terminal.Size size;

        Pending(AttachStreams streams, DetachKeys keys) {
            this.streams = streams;
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
     * Serves an attach on the connection until the container's process ends, the client detaches (its detach keys)
     * or goes away.
     */
    public void serve(Container c, HttpResponse.Hijacked conn, Request r) throws IOException {
        boolean tty = c.config().terminal();
        AttachStreams streams = HijackStreams.of(conn, tty, r.stdin(), r.stdout(), r.stderr());
        DetachKeys keys = r.keys();
        ContainerStatus st = c.refresh().state();
        if (r.logs()) {
            ContainerOutput.logs(c, KubeLogReader.Options.tail(-1), false,
                    new ContainerOutput.Options(r.stdout(), r.stderr(), !tty, false), conn.out());
        }
        if (!r.stream()) {
            return;
        }
        if (st == ContainerStatus.RUNNING || st == ContainerStatus.PAUSED) {
            live(c, streams, keys);
            return;
        }
        Pending p = new Pending(streams, keys);
        p.size = sizes.get(c.id());
        if (pending.putIfAbsent(c.id(), p) != null) {
            p = null; // another client waits for this start: this one joins once it runs
        }
        awaitStart(c, p, streams, keys);
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
                    // not started through this service yet
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
            try {
                c.run(ctr -> {
                    Terminal.Size first = p.size;
                    Attachment a = ctr.startAndAttach(p.streams, p.keys, first);
                    starting.remove(c.id(), p);
                    Terminal.Size later = p.size;
                    if (later != null && !later.equals(first)) {
                        a.resize(later); // a resize that came while it started
                    }
                    started.complete(null);
                    try (a) {
                        Attachment.Result r = a.await();
                        p.done.complete(r);
                        return r.exitCode();
                    }
                });
            } catch (RuntimeException e) {
                started.completeExceptionally(e);
                p.done.completeExceptionally(e);
            } finally {
                starting.remove(c.id(), p);
                p.done.complete(new Attachment.Result(false, -1));
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
