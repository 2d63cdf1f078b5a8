package dev.peapod.cli.pod;

import dev.peapod.cli.ExitCodes;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.NoSuchPodException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.Pod;
import dev.peapod.core.PodResult;
import dev.peapod.core.Runtime;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** What the bulk pod commands share: choosing the pods and reporting per-container results. */
final class Pods {
    private Pods() {
    }

    /**
     * The pods a command acts on: {@code --all}, {@code --latest} (the newest), or the named ones in order
     * (each once). Every name is resolved before anything is done.
     *
     * @throws NoSuchPodException for a name that matches no pod, unless {@code ignore}
     */
    static List<Pod> select(Runtime rt, List<String> names, boolean all, boolean latest, boolean ignore) {
        if (all) {
            return rt.pods();
        }
        if (latest) {
            List<Pod> pods = rt.pods();
            if (pods.isEmpty()) {
                throw new NoSuchPodException("no pods to act on: --latest found none");
            }
            return List.of(pods.getLast());
        }
        Map<String, Pod> byId = new LinkedHashMap<>();
        for (String name : names) {
            try {
                Pod p = rt.pod(name);
                byId.putIfAbsent(p.id(), p);
            } catch (NoSuchPodException e) {
                if (!ignore) {
                    throw e;
                }
            }
        }
        return new ArrayList<>(byId.values());
    }

    /**
     * Runs {@code op} on each pod and prints, as podman does, the id of every pod where all containers
     * succeeded and one {@code Error:} line per failed container (or per pod whose operation threw).
     *
     * @return 0 when everything succeeded, else the exit code of the last error
     */
    static int each(List<Pod> pods, Function<Pod, PodResult> op, String verb, PrintWriter out, PrintWriter err) {
        int code = 0;
        for (Pod pod : pods) {
            try {
                PodResult r = op.apply(pod);
                if (r.ok()) {
                    out.println(pod.id());
                    out.flush();
                    continue;
                }
                for (Map.Entry<String, PeapodException> e : r.errors().entrySet()) {
                    err.println("Error: " + verb + " container " + Ids.shortId(e.getKey()) + " of pod " + pod.name()
                            + ": " + ExitCodes.message(e.getValue()));
                    code = ExitCodes.of(e.getValue());
                }
            } catch (PeapodException e) {
                err.println("Error: " + ExitCodes.message(e));
                code = ExitCodes.of(e);
            }
            err.flush();
        }
        return code;
    }
}
