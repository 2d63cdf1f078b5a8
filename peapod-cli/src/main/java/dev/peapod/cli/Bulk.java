package dev.peapod.cli;

import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchObjectException;
import dev.peapod.core.define.PeapodException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What podman's bulk commands (rm, stop, kill, pause, unpause, restart, start, cleanup and their pod twins) share:
 * choosing the targets from names, {@code --all} or {@code --latest}, then acting on each and reporting each
 * outcome without stopping at the first failure.
 */
public final class Bulk {
    private Bulk() {
    }

    /**
     * One failure of an action on a target: for a pod, one per container that failed.
     *
     * @param context printed after {@code Error: } and before the error's message ("" for none)
     * @param error   what went wrong
     */
    public record Failure(String context, PeapodException error) {
    }

    /** An action on one target: returns the failures of its parts (none when all went well), or throws. */
    @FunctionalInterface
    public interface Action<T> {
        List<Failure> run(T target);
    }

    /**
     * Checks the usual target selection: names, or {@code --all}, or {@code --latest}, exactly one of the three.
     *
     * @throws InvalidArgumentException with podman's wording when none or several are given
     */
    public static void requireTargets(List<String> names, boolean all, boolean latest) {
        int given = (names.isEmpty() ? 0 : 1) + (all ? 1 : 0) + (latest ? 1 : 0);
        if (given == 0) {
            throw new InvalidArgumentException("you must provide at least one name or id");
        }
        if (given > 1) {
            throw new InvalidArgumentException(all && latest ? "--all and --latest cannot be used together"
                    : "no arguments are needed with " + (all ? "--all" : "--latest"));
        }
    }

    /**
     * The targets: {@code every} one ({@code --all}), the newest of them ({@code --latest}), or the named ones in
     * order, each once. Every name is resolved before anything is done.
     *
     * @param lookup   finds one target by name or id
     * @param id       the identity that makes two names the same target
     * @param noLatest the failure when {@code --latest} finds nothing
     * @throws NoSuchObjectException for a name that matches nothing, unless {@code ignore}
     */
    public static <T> List<T> select(List<String> names, boolean all, boolean latest, boolean ignore,
                                     Supplier<List<T>> every, Function<String, T> lookup, Function<T, String> id,
                                     Supplier<? extends PeapodException> noLatest) {
        requireTargets(names, all, latest);
        if (all) {
            return every.get();
        }
        if (latest) {
            List<T> ts = every.get();
            if (ts.isEmpty()) {
                throw noLatest.get();
            }
            return List.of(ts.getLast());
        }
        Map<String, T> byId = new LinkedHashMap<>();
        for (String name : names) {
            try {
                T t = lookup.apply(name);
                byId.putIfAbsent(id.apply(t), t);
            } catch (NoSuchObjectException e) {
                if (!ignore) {
                    throw e;
                }
            }
        }
        return new ArrayList<>(byId.values());
    }

    /**
     * Runs {@code action} on each target in order and goes on after a failure: prints {@code printed} of each
     * target that succeeded on {@code out}, and one {@code Error: ...} line per failure on {@code err}.
     *
     * @return 0 when everything succeeded, else the exit code of the last failure
     */
    public static <T> int each(List<T> targets, Action<T> action, Function<T, String> printed, PrintWriter out,
                               PrintWriter err) {
        return each(targets, action, printed, out, err, ExitCodes::of);
    }

    /**
     * As {@link #each(List, Action, Function, PrintWriter, PrintWriter)}, each failure's exit code given by
     * {@code codes} and combined as podman does ({@link ExitCodes#combine}).
     */
    public static <T> int each(List<T> targets, Action<T> action, Function<T, String> printed, PrintWriter out,
                               PrintWriter err, java.util.function.ToIntFunction<Throwable> codes) {
        int code = 0;
        for (T t : targets) {
            List<Failure> failures;
            try {
                failures = action.run(t);
            } catch (PeapodException e) {
                failures = List.of(new Failure("", e));
            }
            if (failures.isEmpty()) {
                out.println(printed.apply(t));
                out.flush();
                continue;
            }
            for (Failure f : failures) {
                err.println("Error: " + f.context() + ExitCodes.message(f.error()));
                code = code == 0 ? codes.applyAsInt(f.error()) : ExitCodes.combine(code, codes.applyAsInt(f.error()));
            }
            err.flush();
        }
        return code;
    }
}
