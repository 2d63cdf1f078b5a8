package dev.peapod.cli.system;

import dev.peapod.cli.ExitCodes;
import dev.peapod.cli.PruneFilters;
import dev.peapod.core.Container;
import dev.peapod.core.Prune;
import dev.peapod.core.image.Image;
import dev.peapod.core.network.Network;
import dev.peapod.core.volume.Volume;
import java.io.PrintWriter;
import java.util.List;

/** How the prune commands print what went, as podman's {@code PrintXxxPruneResults}: ids on stdout, errors on stderr. */
public final class Pruned {
    private Pruned() {
    }

    /**
     * Prints the ids (after {@code heading} when there is one and anything went) and the errors.
     *
     * @return 0, or 125 when something could not be removed
     */
    public static int print(List<Prune.Removed> removed, String heading, PrintWriter out, PrintWriter err) {
        if (heading != null && !removed.isEmpty()) {
            out.println(heading);
        }
        int code = ExitCodes.OK;
        for (Prune.Removed r : removed) {
            if (r.error() == null) {
                out.println(r.id());
            } else {
                err.println("Error: " + r.error());
                code = ExitCodes.ENGINE_ERROR;
            }
        }
        out.flush();
        err.flush();
        return code;
    }

    /** The filters of {@code system prune}, read for each kind of object. */
    public static Prune.Filters filters(List<String> filters) {
        return new Prune.Filters(
                PruneFilters.of(filters, (Container c) -> c.config().labels(), c -> c.config().created()),
                PruneFilters.of(filters, (Image i) -> i.config().labels(), Image::created),
                PruneFilters.of(filters, Network::labels, Network::created),
                PruneFilters.of(filters, (Volume v) -> v.config().labels(), v -> v.config().created()));
    }
}
