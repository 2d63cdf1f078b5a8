package dev.peapod.core.oci;

import dev.peapod.core.container.CompatConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * conmon's side of a container's {@link CompatConfig}: the log driver and its options as podman passes them
 * ({@code -l k8s-file:PATH|none}, {@code --log-size-max}; a tag is kept for inspect only, as conmon's
 * k8s-file driver refuses {@code --log-tag}), a log at a path of the
 * user's reached from the store's place through a link (so {@code logs} and {@code inspect} find it), and the
 * {@code --conmon-pidfile} of the user's written once conmon runs.
 */
final class ConmonCompat {
    private ConmonCompat() {
    }

    /** The log arguments of conmon for a container whose log is, by default, {@code storeLog}. */
    static List<String> logArgs(CompatConfig c, Path storeLog) {
        List<String> a = new ArrayList<>();
        a.add("-l");
        switch (c.effectiveLogDriver()) {
            // passthrough: podman hands its own stdio to conmon, which reaches no caller through the engine process;
            // the container's output goes to an attached caller only, through the attach socket, and no log is kept
            case "none", "passthrough" -> a.add("none");
            default -> a.add("k8s-file:" + (c.logPath().isEmpty() ? storeLog : Path.of(c.logPath())));
        }
        if (c.run().timeoutSeconds() > 0) { // conmon kills the container then, and records its exit as -1
            a.add("--timeout");
            a.add(Long.toString(c.run().timeoutSeconds()));
        }
        if (c.logSizeMax() > 0) {
            a.add("--log-size-max");
            a.add(Long.toString(c.logSizeMax()));
        }
        return a;
    }

    /** Before conmon starts: the user's log directory exists, and the store's log path links to the user's log. */
    static void prepareLog(CompatConfig c, Path storeLog) {
        if (c.logPath().isEmpty() || !c.effectiveLogDriver().equals("k8s-file")) {
            return;
        }
        Path own = Path.of(c.logPath());
        try {
            if (own.getParent() != null) {
                Files.createDirectories(own.getParent());
            }
            Files.deleteIfExists(storeLog);
            Files.createSymbolicLink(storeLog, own);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the log " + own + ": " + e.getMessage(), e);
        }
    }

    /** Once conmon runs: its pid in the user's {@code --conmon-pidfile}, as podman's conmon writes it. */
    static void writeConmonPid(CompatConfig c, long conmonPid) {
        writePidFile(c.conmonPidFile(), conmonPid);
    }

    /**
     * Writes {@code pid} without a newline to {@code file} (nothing for ""): the container's {@code --pidfile} once the
     * runtime created it, as runc writes podman's; like podman's, it is left in place when the container exits.
     */
    static void writePidFile(String file, long pid) {
        if (file.isEmpty()) {
            return;
        }
        Path f = Path.of(file);
        try {
            if (f.getParent() != null) {
                Files.createDirectories(f.getParent());
            }
            Files.writeString(f, Long.toString(pid));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pid file " + f + ": " + e.getMessage(), e);
        }
    }
}
