package dev.peapod.api.libpod;

import dev.peapod.api.common.ServiceInfo;
import dev.peapod.api.http.Router;
import dev.peapod.core.Runtime;

/** Every libpod endpoint ({@code /libpod/...}), as podman 4.3's remote client calls them. */
public final class LibpodRoutes {
    private LibpodRoutes() {
    }

    public static void routes(Router r, Runtime rt, ServiceInfo info) {
        LibpodSystem.routes(r, rt, info);
        LibpodPods.routes(r, rt);
        LibpodContainers.routes(r, rt);
        LibpodImages.routes(r, rt);
        LibpodKube.routes(r, rt);
    }
}
