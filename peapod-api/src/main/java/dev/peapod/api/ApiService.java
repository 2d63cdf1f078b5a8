package dev.peapod.api;

import dev.peapod.api.common.Errors;
import dev.peapod.api.common.EventRoutes;
import dev.peapod.api.common.ServiceInfo;
import dev.peapod.api.common.TopRoutes;
import dev.peapod.api.common.VolumeRoutes;
import dev.peapod.api.compat.DockerContainers;
import dev.peapod.api.compat.DockerImages;
import dev.peapod.api.compat.DockerNetworks;
import dev.peapod.api.compat.DockerSystem;
import dev.peapod.api.http.HttpServer;
import dev.peapod.api.http.Router;
import dev.peapod.api.interactive.Attaches;
import dev.peapod.api.interactive.InteractiveRoutes;
import dev.peapod.api.libpod.LibpodRoutes;
import dev.peapod.core.Runtime;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code peapod system service}: the libpod and Docker-compatible REST API over one engine, served until
 * it has been idle for the given time (podman's {@code --time}; zero serves until the process is stopped).
 */
public final class ApiService {
    private ApiService() {
    }

    /** Every route of both APIs; libpod's under {@code /libpod}. */
    public static Router router(Runtime rt, ServiceInfo info) {
        Router r = new Router(Errors::toApi);
        Attaches attaches = new Attaches();
        InteractiveRoutes.routes(r, rt, attaches);
        TopRoutes.routes(r, rt);
        VolumeRoutes.routes(r, rt);
        EventRoutes.routes(r, rt::events);
        LibpodRoutes.routes(r, rt, info, attaches);
        DockerSystem.routes(r, rt, info);
        DockerContainers.routes(r, rt, attaches);
        DockerImages.routes(r, rt);
        DockerNetworks.routes(r, rt);
        return r;
    }

    /** The default address: {@code unix://<runroot>/peapod.sock}. */
    public static String defaultUri(Path runRoot) {
        return "unix://" + runRoot.resolve("peapod.sock");
    }

    /**
     * Serves the API on {@code listener} until idle for {@code idle} (never when zero) or the JVM is asked to
     * stop; removes {@code socketFile} (if not null) when done. With {@code debug} each request is logged to
     * {@code err}.
     */
    public static void serve(Runtime rt, ServiceInfo info, ServerSocketChannel listener, Path socketFile,
                             Duration idle, HttpServer.Limits limits, boolean debug, PrintWriter err) {
        HttpServer server = new HttpServer(listener, router(rt, info), limits);
        if (debug) {
            server.accessLog(line -> {
                synchronized (err) {
                    err.println("api: " + line);
                    err.flush();
                }
            });
        }
        server.start();
        Thread hook = new Thread(() -> stop(server, socketFile));
        java.lang.Runtime.getRuntime().addShutdownHook(hook);
        try {
            while (true) {
                Thread.sleep(idle.isZero() ? 1000 : Math.min(1000, Math.max(50, idle.toMillis() / 4)));
                if (!idle.isZero() && server.idleFor(idle)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stop(server, socketFile);
            try {
                java.lang.Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already
            }
        }
        err.flush();
    }

    private static void stop(HttpServer server, Path socketFile) {
        server.close();
        if (socketFile != null) {
            try {
                Files.deleteIfExists(socketFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove socket " + socketFile, e);
            }
        }
    }
}
