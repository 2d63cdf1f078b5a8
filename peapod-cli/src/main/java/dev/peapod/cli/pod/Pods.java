package dev.peapod.cli.pod;

import dev.peapod.cli.Bulk;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.NoSuchPodException;
import dev.peapod.core.Pod;
import dev.peapod.core.PodResult;
import dev.peapod.core.Runtime;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;

/** What the bulk pod commands share: choosing the pods and reporting per-container results. */
final class Pods {
    private Pods() {
    }

    /**
     * The pods a command acts on: {@code --all}, {@code --latest} (the newest), or the named ones in order
     * (each once). Every name is resolved before anything is done.
     *
     * @throws dev.peapod.core.define.InvalidArgumentException unless exactly one of names, all, latest is given
     * @throws NoSuchPodException for a name that matches no pod, unless {@code ignore}
     */
    static List<Pod> select(Runtime rt, List<String> names, boolean all, boolean latest, boolean ignore) {
        return Bulk.select(names, all, latest, ignore, rt::pods, rt::pod, Pod::id,
                () -> new NoSuchPodException("no pods to act on: --latest found none"));
    }

    /**
     * Runs {@code op} on each pod and prints, as podman does, the id of every pod where all containers
     * succeeded and one {@code Error:} line per failed container (or per pod whose operation threw).
     *
     * @param verb what {@code op} does, for the error lines ({@code stopping})
     * @return 0 when everything succeeded, else the exit code of the last error
     */
    static int each(List<Pod> pods, Function<Pod, PodResult> op, String verb, PrintWriter out, PrintWriter err) {
        return Bulk.each(pods, pod -> op.apply(pod).errors().entrySet().stream()
                .map(e -> new Bulk.Failure(verb + " container " + Ids.shortId(e.getKey()) + " of pod " + pod.name()
                        + ": ", e.getValue())).toList(), Pod::id, out, err);
    }
}
