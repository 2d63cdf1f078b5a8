package dev.peapod.core.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.container.KubeLogReader.Line;
import dev.peapod.core.container.KubeLogReader.Options;
import dev.peapod.core.container.KubeLogReader.Stream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeLogReaderTest {
    @TempDir
    Path tmp;

    private static final String LOG = """
            2026-11-29T00:31:08.000000001+00:00 stdout F first
            2026-11-29T00:31:08.100000000+00:00 stdout P par
            2026-11-29T00:31:08.150000000+00:00 stderr F err line
            2026-11-29T00:31:08.200000000+00:00 stdout P ti
            2026-11-29T00:31:08.300000000+00:00 stdout F al
            2026-11-29T00:31:09Z stdout F
            this line is garbage
            2026-11-29T00:31:10.5Z stdout F  two  spaces kept
            2026-11-29T00:31:11.000000000+00:00 stderr P unterminated
            """;

    private Path write(String text) throws Exception {
        return Files.writeString(tmp.resolve("ctr.log"), text);
    }

    private static List<String> texts(List<Line> lines) {
        return lines.stream().map(Line::text).toList();
    }

    @Test
    void joinsPartialsPerStreamAndSkipsGarbage() throws Exception {
        List<Line> lines = new KubeLogReader(write(LOG)).read(Options.all());
        assertThat(texts(lines)).containsExactly("first", "err line", "partial", "", " two  spaces kept",
                "unterminated");
        assertThat(lines.get(0)).isEqualTo(new Line(Instant.parse("2026-11-29T00:31:08.000000001Z"), Stream.STDOUT,
                "first", true));
        assertThat(lines.get(1).stream()).isEqualTo(Stream.STDERR);
        assertThat(lines.get(2).time()).as("a joined line has its first piece's time")
                .isEqualTo(Instant.parse("2026-11-29T00:31:08.100Z"));
        assertThat(lines.getLast().complete()).isFalse();
        assertThat(lines.getLast().stream()).isEqualTo(Stream.STDERR);
    }

    @Test
    void tailAndSince() throws Exception {
        KubeLogReader r = new KubeLogReader(write(LOG));
        assertThat(texts(r.read(Options.tail(2)))).containsExactly(" two  spaces kept", "unterminated");
        assertThat(r.read(Options.tail(0))).isEmpty();
        assertThat(r.read(Options.tail(100))).hasSize(6);
        assertThat(texts(r.read(new Options(-1, Instant.parse("2026-11-29T00:31:09Z")))))
                .containsExactly("", " two  spaces kept", "unterminated");
        assertThatThrownBy(() -> Options.tail(-1)).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void missingFileIsEmpty() {
        assertThat(new KubeLogReader(tmp.resolve("none.log")).read(Options.all())).isEmpty();
    }

    @Test
    void timestampsFormatLikePodman() {
        Line l = new Line(Instant.parse("2026-11-29T00:31:08.1Z"), Stream.STDOUT, "x", true);
        assertThat(KubeLogReader.format(l, true)).isEqualTo("2026-11-29T00:31:08.100000000Z x");
        assertThat(KubeLogReader.format(l, false)).isEqualTo("x");
    }

    @Test
    void followSeesLinesWrittenLaterAndStopsWhenDone() throws Exception {
        Path file = write("2026-11-29T00:00:00Z stdout F old1\n2026-11-29T00:00:01Z stdout F old2\n");
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread t = Thread.ofVirtual().start(() -> new KubeLogReader(file).follow(Options.tail(1),
                l -> seen.add(l.text()), done::get));
        waitFor(() -> seen.contains("old2"));
        Files.writeString(file, "2026-11-29T00:00:02Z stdout P ne", StandardOpenOption.APPEND);
        Thread.sleep(150);
        assertThat(seen).containsExactly("old2");
        Files.writeString(file, "\n2026-11-29T00:00:03Z stdout F w\n2026-11-29T00:00:04Z stdout P tail",
                StandardOpenOption.APPEND);
        waitFor(() -> seen.contains("new"));
        assertThat(seen).containsExactly("old2", "new");
        done.set(true);
        t.join(5000);
        assertThat(t.isAlive()).isFalse();
        assertThat(seen).containsExactly("old2", "new", "tail");
    }

    @Test
    void followOfAFileThatNeverAppearsEndsWhenDone() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        Thread t = Thread.ofVirtual().start(() -> new KubeLogReader(tmp.resolve("later.log")).follow(Options.all(),
                l -> { }, done::get));
        Thread.sleep(100);
        assertThat(t.isAlive()).isTrue();
        done.set(true);
        t.join(5000);
        assertThat(t.isAlive()).isFalse();
    }

    private static void waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
        long end = System.currentTimeMillis() + 5000;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(10);
        }
    }
}
