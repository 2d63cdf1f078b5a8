package dev.peapod.api.libpod;

import dev.peapod.api.common.ServiceInfo;
import dev.peapod.api.http.Router;
import dev.peapod.api.interactive.Attaches;
import dev.peapod.core.Runtime;

/** Every libpod endpoint ({@code /libpod/...}), as podman 4.3's remote client calls them. */
public final class LibpodRoutes {
    private LibpodRoutes() {
    }

    /** @param attaches the attaches waiting for a start (shared with the attach routes) */
    public static void routes(Router r, Runtime rt, ServiceInfo info, Attaches attaches) {
        LibpodSystem.routes(r, rt, info);
        LibpodPods.routes(r, rt);
        LibpodContainers.routes(r, rt, attaches);
        LibpodImages.routes(r, rt);
        LibpodKube.routes(r, rt);
    }
}
