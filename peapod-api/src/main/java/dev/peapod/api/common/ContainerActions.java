package dev.peapod.api.common;

import dev.peapod.api.http.ApiException;
import dev.peapod.api.http.HttpRequest;
import dev.peapod.api.http.HttpResponse;
import dev.peapod.core.Container;
import dev.peapod.core.container.KubeLogReader;
import dev.peapod.core.define.Signal;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * Container operations whose request and answer Docker's and libpod's APIs share, mapped once: start and stop
 * (304 when the container is in that state already), kill, and logs in the multiplexed stream format.
 */
public final class ContainerActions {
    private ContainerActions() {
    }

    /** Starts {@code c} through {@code starter} (which knows the attaches waiting for it): 204, or 304. */
    public static void start(Container c, Consumer<Container> starter, HttpResponse res) throws IOException {
        if (c.refresh().state().isActive()) {
            res.empty(304);
            return;
        }
        starter.accept(c);
        res.empty(204);
    }

    /** Stops {@code c} after {@code timeout} seconds (negative: its own): 204, or 304 when it is not running. */
    public static void stop(Container c, int timeout, HttpResponse res) throws IOException {
        if (!c.refresh().state().isActive()) {
            res.empty(304);
            return;
        }
        c.stop(timeout);
        res.empty(204);
    }

    /** Sends {@code signal} (a name or number; SIGKILL when absent): 204. */
    public static void kill(Container c, HttpRequest req, HttpResponse res) throws IOException {
        String sig = req.query("signal");
        c.kill(sig == null || sig.isEmpty() ? Signal.KILL : Signal.parse(sig));
        res.empty(204);
    }

    /**
     * Streams the log ({@code stdout}, {@code stderr}, {@code tail}, {@code since}, {@code follow},
     * {@code timestamps}) in Docker's frames, as {@code contentType}.
     */
    public static void logs(Container c, HttpRequest req, HttpResponse res, String contentType) throws IOException {
        boolean stdout = req.queryBool("stdout", false);
        boolean stderr = req.queryBool("stderr", false);
        if (!stdout && !stderr) {
            throw ApiException.badRequest("Bad parameters: you must choose at least one stream");
        }
        String tail = req.query("tail");
        int n = tail == null || tail.isEmpty() || tail.equals("all") ? -1 : req.queryInt("tail", -1);
        KubeLogReader.Options what = new KubeLogReader.Options(n, req.queryTime("since"));
        OutputStream out = res.stream(200, contentType);
        ContainerOutput.logs(c, what, req.queryBool("follow", false),
                new ContainerOutput.Options(stdout, stderr, true, req.queryBool("timestamps", false)), out);
        out.close();
    }
}
