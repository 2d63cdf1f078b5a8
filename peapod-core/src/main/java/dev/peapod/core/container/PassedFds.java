package dev.peapod.core.container;

import java.util.List;
import java.util.function.Supplier;

/**
 * The caller's further descriptors that a command passes on to a container's process ({@code --preserve-fds N} of
 * {@code run}, {@code create} and {@code exec}): the descriptors, in this process, that the caller had as 3, 4, ...
 * They are bound for the duration of one call, on its thread (a scoped value: the warm engine serves many callers at
 * once, each with its own descriptors), and the runtime hands them to conmon as its descriptors 3 and up, which
 * runc gives the container's process ({@code --preserve-fds}). Nothing bound means nothing passed, as for a
 * container restarted by its policy.
 */
public final class PassedFds {
    private static final ScopedValue<List<Integer>> CURRENT = ScopedValue.newInstance();

    private PassedFds() {
    }

    /**
     * Runs {@code call} with {@code fds} passed on by the containers it creates or starts and the execs it runs.
     *
     * @param fds this process's descriptors for the caller's 3, 4, ... (open for the duration of the call)
     */
    public static <T> T with(List<Integer> fds, Supplier<T> call) {
        return ScopedValue.where(CURRENT, List.copyOf(fds)).call(call::get);
    }

    /** The descriptors bound for this call; empty when none are. */
    public static List<Integer> current() {
        return CURRENT.isBound() ? CURRENT.get() : List.of();
    }

    /**
     * The descriptors a container made with {@code --preserve-fds n} gets now: the {@code n} bound for this call, or
     * none when the call did not bring that many (a later start, a restart).
     */
    public static List<Integer> forContainer(int n) {
        List<Integer> fds = current();
        return n > 0 && fds.size() >= n ? fds.subList(0, n) : List.of();
    }
}
