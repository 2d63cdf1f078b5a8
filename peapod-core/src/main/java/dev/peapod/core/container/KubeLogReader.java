package dev.peapod.core.container;

import dev.peapod.core.define.InvalidArgumentException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Reads conmon's k8s-file log: one record per line, {@code <RFC3339Nano time> stdout|stderr F|P <text>},
 * where P marks a piece of a line that continues in the next record of the same stream and F ends it.
 * Pieces are joined per stream into whole lines carrying the time of their first piece. Lines that do
 * not parse (e.g. a record cut off by a crash) are skipped, never fatal.
 */
public final class KubeLogReader {
    private static final Duration POLL = Duration.ofMillis(50);
    private static final DateTimeFormatter PRINT = DateTimeFormatter.ofPattern(
            "yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");

    /** Which pipe a line came from. */
    public enum Stream { STDOUT, STDERR }

    /** One whole line of output, without its newline. {@code complete} is false for a final unterminated line. */
    public record Line(Instant time, Stream stream, String text, boolean complete) {
    }

    /**
     * What to read.
     *
     * @param tail  only the last N lines; negative for all
     * @param since only lines at or after this time; null for no bound
     */
    public record Options(int tail, Instant since) {
        public static Options all() {
            return new Options(-1, null);
        }

        public static Options tail(int n) {
            if (n < 0) {
                throw new InvalidArgumentException("tail " + n + " must not be negative");
            }
            return new Options(n, null);
        }
    }

    private final Path file;

    public KubeLogReader(Path file) {
        this.file = file;
    }

    /**
     * Reads the log as it is now. An unterminated last piece of a stream is returned with {@code complete}
     * false. A missing file reads as empty (a container that has not written anything yet).
     */
    public List<Line> read(Options options) {
        Parser p = new Parser(options.since());
        List<Line> out = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            p.feed(ch, out::add);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read log " + file, e);
        }
        p.flush(out::add);
        return tail(out, options.tail());
    }

    /**
     * Emits the existing lines (after tail and since) and then new ones as they are written, until
     * {@code done} reports true (e.g. the container's conmon has exited), after which whatever was written
     * is read once more and emitted, unterminated pieces included. Blocks the calling thread; an interrupt
     * ends it early.
     */
    public void follow(Options options, Consumer<Line> sink, BooleanSupplier done) {
        Parser p = new Parser(options.since());
        try {
            FileChannel ch = null;
            try {
                while (ch == null) {
                    try {
                        ch = FileChannel.open(file, StandardOpenOption.READ);
                    } catch (NoSuchFileException e) {
                        if (done.getAsBoolean()) {
                            // the container may have started, written and ended since the open failed: look again
                            if (!java.nio.file.Files.exists(file)) {
                                return;
                            }
                            continue;
                        }
                        Thread.sleep(POLL);
                    }
                }
                List<Line> first = new ArrayList<>();
                p.feed(ch, first::add);
                tail(first, options.tail()).forEach(sink);
                while (true) {
                    boolean finished = done.getAsBoolean();
                    int n = p.feed(ch, sink);
                    if (finished) {
                        p.flush(sink);
                        return;
                    }
                    if (n == 0) {
                        Thread.sleep(POLL);
                    }
                }
            } finally {
                if (ch != null) {
                    ch.close();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read log " + file, e);
        }
    }

    /** A line as podman prints it: the text, optionally preceded by its time and a space. */
    public static String format(Line line, boolean timestamps) {
        return timestamps ? PRINT.format(line.time().atOffset(ZoneOffset.UTC)) + " " + line.text()
                : line.text();
    }

    private static List<Line> tail(List<Line> lines, int n) {
        if (n < 0 || n >= lines.size()) {
            return lines;
        }
        return new ArrayList<>(lines.subList(lines.size() - n, lines.size()));
    }

    /** Turns bytes into records and records into lines; keeps an unfinished record and pieces between feeds. */
    private static final class Parser {
        private final Instant since;
        private final ByteArrayOutputStream record = new ByteArrayOutputStream();
        private final Map<Stream, Pending> pending = new EnumMap<>(Stream.class);
        private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);

        private record Pending(Instant time, StringBuilder text) {
        }

        Parser(Instant since) {
            this.since = since;
        }

        /** Reads what the channel has now; returns the byte count. */
        int feed(FileChannel ch, Consumer<Line> sink) throws IOException {
            int total = 0;
            int n;
            while ((n = ch.read(buf.clear())) > 0) {
                total += n;
                byte[] a = buf.array();
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (a[i] == '\n') {
                        record.write(a, start, i - start);
                        parse(record.toString(StandardCharsets.UTF_8), sink);
                        record.reset();
                        start = i + 1;
                    }
                }
                record.write(a, start, n - start);
            }
            return total;
        }

        void flush(Consumer<Line> sink) {
            if (record.size() > 0) {
                parse(record.toString(StandardCharsets.UTF_8), sink);
                record.reset();
            }
            List<Line> rest = new ArrayList<>();
            pending.forEach((stream, p) -> rest.add(new Line(p.time(), stream, p.text().toString(), false)));
            pending.clear();
            rest.sort(Comparator.comparing(Line::time));
            rest.forEach(l -> emit(l, sink));
        }

        private void parse(String rec, Consumer<Line> sink) {
            int s1 = rec.indexOf(' ');
            int s2 = s1 < 0 ? -1 : rec.indexOf(' ', s1 + 1);
            int s3 = s2 < 0 ? -1 : rec.indexOf(' ', s2 + 1);
            if (s3 < 0) {
                if (s2 > 0 && rec.length() == s2 + 2) {
                    s3 = rec.length();
                } else {
                    return;
                }
            }
            Instant time;
            try {
                time = OffsetDateTime.parse(rec.substring(0, s1), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                return;
            }
            Stream stream = switch (rec.substring(s1 + 1, s2)) {
                case "stdout" -> Stream.STDOUT;
                case "stderr" -> Stream.STDERR;
                default -> null;
            };
            String tag = rec.substring(s2 + 1, Math.min(s3, rec.length()));
            if (stream == null || !(tag.equals("F") || tag.equals("P"))) {
                return;
            }
            String text = s3 >= rec.length() ? "" : rec.substring(s3 + 1);
            Pending p = pending.get(stream);
            if (tag.equals("P")) {
                if (p == null) {
                    pending.put(stream, new Pending(time, new StringBuilder(text)));
                } else {
                    p.text().append(text);
                }
                return;
            }
            if (p != null) {
                pending.remove(stream);
                emit(new Line(p.time(), stream, p.text().append(text).toString(), true), sink);
            } else {
                emit(new Line(time, stream, text, true), sink);
            }
        }

        private void emit(Line line, Consumer<Line> sink) {
            if (since == null || !line.time().isBefore(since)) {
                sink.accept(line);
            }
        }
    }
}
