package dev.peapod.cli;

import dev.peapod.core.Container;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.container.KubeLogReader;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** Printing containers' logs, shared by {@code logs}, {@code pod logs} and attached {@code run}/{@code start}. */
public final class Logs {
    private Logs() {
    }

    /**
     * Prints the logs of {@code containers}: stdout lines to {@code out}, stderr lines to {@code err}. With
     * several containers each line starts with the container's short id (or its name with {@code names}), as
     * podman. {@code follow} keeps printing until each container stops.
     *
     * @param since only lines at or after this (RFC 3339, seconds, or a duration before now), or null
     * @param until only lines at or before this, or null (then {@code follow} is ignored, as podman)
     */
    public static void print(List<Container> containers, boolean follow, int tail, String since, String until,
                             boolean timestamps, boolean names, PrintWriter out, PrintWriter err) {
        print(containers, follow, tail, since, until, timestamps, names, false, out, err);
    }

    /** podman's {@code --color} colours, one per container in turn: white, red, green, yellow, blue, magenta, cyan. */
    private static final List<String> COLORS = List.of("\033[37m", "\033[31m", "\033[32m", "\033[33m",
            "\033[34m", "\033[35m", "\033[36m");

    /** {@link #print}, each container's lines in a colour of its own with {@code color} ({@code --color}). */
    public static void print(List<Container> containers, boolean follow, int tail, String since, String until,
                             boolean timestamps, boolean names, boolean color, PrintWriter out, PrintWriter err) {
        Instant now = Instant.now();
        Instant from = since == null ? null : Filters.time(since, now);
        Instant to = until == null ? null : Filters.time(until, now);
        KubeLogReader.Options options = new KubeLogReader.Options(tail, from);
        boolean prefix = names || containers.size() > 1;
        int n = 0;
        for (Container c : containers) {
            String p = !prefix ? "" : (names ? c.name() : Ids.shortId(c.id())) + " ";
            String on = color ? COLORS.get(n++ % COLORS.size()) : "";
            if (follow && to == null) {
                follow(c, options, timestamps, p, on, out, err);
                continue;
            }
            Consumer<KubeLogReader.Line> sink = sink(timestamps, p, on, out, err);
            for (KubeLogReader.Line line : new KubeLogReader(c.logToRead()).read(options)) {
                if (to == null || !line.time().isAfter(to)) {
                    sink.accept(line);
                }
            }
        }
        out.flush();
        err.flush();
    }

    /**
     * Prints a container's output until it stops.
     *
     * @param prefix put before every line ("" for none)
     */
    public static void follow(Container c, KubeLogReader.Options options, boolean timestamps, String prefix,
                              PrintWriter out, PrintWriter err) {
        follow(c, options, timestamps, prefix, "", out, err);
    }

    private static void follow(Container c, KubeLogReader.Options options, boolean timestamps, String prefix,
                               String color, PrintWriter out, PrintWriter err) {
        new KubeLogReader(c.logToRead()).follow(options, sink(timestamps, prefix, color, out, err), () -> {
            try {
                return !c.refresh().state().isActive();
            } catch (PeapodException e) {
                return true;
            }
        });
        out.flush();
        err.flush();
    }

    private static Consumer<KubeLogReader.Line> sink(boolean timestamps, String prefix, String color,
                                                     PrintWriter out, PrintWriter err) {
        return line -> {
            PrintWriter w = line.stream() == KubeLogReader.Stream.STDERR ? err : out;
            String text = color + prefix + KubeLogReader.format(line, timestamps) + (color.isEmpty() ? "" : "\033[0m");
            if (line.complete()) {
                w.println(text);
            } else {
                w.print(text);
            }
            w.flush();
        };
    }
}
