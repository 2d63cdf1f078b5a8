package dev.peapod.cli;

import dev.peapod.core.define.Signal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The real process's signals for its one request ({@link Main#main}), through {@code sun.misc.Signal}: while a
 * listener is subscribed, INT, TERM, HUP, QUIT, USR1 and USR2 go to it instead of ending the JVM (the JVM keeps
 * QUIT for thread dumps and USR2 for itself, so those two are not delivered), and WINCH to {@link #onWinch}.
 */
final class ProcessSignals {
    private static final List<String> FORWARDED = List.of("INT", "TERM", "HUP", "QUIT", "USR1", "USR2");
    /** The signals HotSpot leaves alone when they are ignored at start-up. */
    private static final List<String> SHUTDOWN = List.of("INT", "TERM", "HUP");

    /** The signals a foreground command may pass on. */
    static final Request.Signals SIGNALS = ProcessSignals::subscribe;

    private ProcessSignals() {
    }

    private static AutoCloseable subscribe(Consumer<Signal> listener) {
        return handle(FORWARDED, name -> listener.accept(Signal.parse(name)));
    }

    /** Runs {@code action} on every SIGWINCH until the handle is closed. */
    static AutoCloseable onWinch(Runnable action) {
        return handle(List.of("WINCH"), name -> action.run());
    }

    @SuppressWarnings("removal")
    private static AutoCloseable handle(List<String> names, Consumer<String> handler) {
        List<Runnable> restore = new ArrayList<>();
        for (String name : names) {
            try {
                sun.misc.Signal sig = new sun.misc.Signal(name);
                if (SHUTDOWN.contains(name)) {
                    // started in the background or under nohup: the JVM would never deliver it (podman's Go does)
                    dev.peapod.core.sys.SignalDisposition.unignore(sig.getNumber());
                }
                sun.misc.SignalHandler old = sun.misc.Signal.handle(sig, s -> handler.accept(name));
                restore.add(() -> sun.misc.Signal.handle(sig, old));
            } catch (IllegalArgumentException reserved) {
                // the JVM uses it
            }
        }
        return () -> restore.reversed().forEach(Runnable::run);
    }
}
