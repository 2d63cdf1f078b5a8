package dev.peapod.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventJournalTest {
    private static final Instant T0 = Instant.parse("2026-12-02T15:41:35.035401422Z");

    @TempDir
    Path dir;

    private static Event ctr(String status, String name, Instant at) {
        return Event.container(status, "a".repeat(64), name, "localhost/bb:latest", null, Map.of()).withTime(at);
    }

    @Test
    void linesArePodmansFileBackendJson() {
        Event e = ctr("create", "evt1", T0);
        assertThat(e.toJson()).isEqualTo("{\"ID\":\"" + "a".repeat(64) + "\",\"Image\":\"localhost/bb:latest\","
                + "\"Name\":\"evt1\",\"Status\":\"create\",\"Time\":\"2026-12-02T15:41:35.035401422Z\","
                + "\"Type\":\"container\",\"Attributes\":{}}");
        assertThat(ctr("died", "x", T0).withExitCode(3).toJson()).startsWith("{\"ContainerExitCode\":3,\"ID\"");
        assertThat(Event.fromJson(e.toJson())).contains(e);
        assertThat(Event.fromJson(ctr("died", "x", T0).withExitCode(0).toJson()).orElseThrow().exitCode()).isZero();
        assertThat(Event.fromJson("{\"ID\":\"torn")).isEmpty();
        assertThat(e.humanLine()).isEqualTo("2026-12-02 15:41:35.035401422 +0000 UTC container create " + "a".repeat(64)
                + " (image=localhost/bb:latest, name=evt1)");
    }

    @Test
    void readsWhatWasWrittenInOrderAndSelectsByTimeAndFilter() {
        EventJournal j = new EventJournal(dir, 1_000_000);
        j.write(ctr("create", "one", T0));
        j.write(ctr("start", "one", T0.plusSeconds(1)));
        j.write(Event.of(EventType.POD, "create", "b".repeat(64), "p1", null).withTime(T0.plusSeconds(2)));
        j.write(ctr("died", "two", T0.plusSeconds(3)).withExitCode(1));
        assertThat(j.read(new EventQuery(null, null, null))).extracting(Event::status)
                .containsExactly("create", "start", "create", "died");
        assertThat(j.read(new EventQuery(T0.plusSeconds(1), T0.plusSeconds(2), null))).extracting(Event::status)
                .containsExactly("start", "create");
        assertThat(j.read(new EventQuery(null, null, EventFilter.parse(List.of("type=container", "event=died",
                "event=create"))))).extracting(Event::name).containsExactly("one", "two");
        assertThat(j.read(new EventQuery(null, null, EventFilter.parse(List.of("container=two")))))
                .extracting(Event::status).containsExactly("died");
        assertThat(j.read(new EventQuery(null, null, EventFilter.parse(List.of("pod=p1")))))
                .extracting(Event::type).containsExactly(EventType.POD);
    }

    @Test
    void rotatesBySizeKeepingOneOlderGeneration() throws Exception {
        EventJournal j = new EventJournal(dir, 1000);
        for (int i = 0; i < 30; i++) {
            j.write(ctr("start", "c" + i, T0.plusSeconds(i)));
        }
        assertThat(Files.size(j.file())).isLessThanOrEqualTo(1000);
        assertThat(dir.resolve("events.log.1")).exists();
        assertThat(Files.size(dir.resolve("events.log.1"))).isLessThanOrEqualTo(1000);
        List<Event> all = j.read(new EventQuery(null, null, null));
        assertThat(all).isNotEmpty().last().extracting(Event::name).isEqualTo("c29");
        assertThat(all).extracting(Event::time).isSorted();
        assertThat(all.size()).isLessThan(30);
    }

    @Test
    void followHandsOnRecordedThenNewEventsAcrossARotation() throws Exception {
        int line = ctr("start", "n0", T0).toJson().length() + 1;
        EventJournal j = new EventJournal(dir, 4L * line + line / 2);
        j.write(ctr("create", "old", T0));
        List<Event> seen = new CopyOnWriteArrayList<>();
        Thread follower = Thread.ofVirtual().start(() -> j.follow(new EventQuery(null, null,
                EventFilter.parse(List.of("event=start", "event=create"))), e -> {
                    seen.add(e);
                    return !e.name().equals("last");
                }, () -> false));
        for (int i = 0; i < 300 && seen.isEmpty(); i++) {
            Thread.sleep(100);
        }
        // four lines fit: the fourth write below rotates the file once, the follower holding the old one open
        for (int i = 0; i < 5; i++) {
            j.write(ctr("start", "n" + i, T0.plusSeconds(i + 1)));
        }
        j.write(ctr("died", "n4", T0.plusSeconds(6)));
        j.write(ctr("start", "last", T0.plusSeconds(20)));
        assertThat(dir.resolve("events.log.1")).exists();
        assertThat(follower.join(Duration.ofSeconds(30))).as("the follower ended at the last event").isTrue();
        assertThat(seen).extracting(Event::name).containsExactly("old", "n0", "n1", "n2", "n3", "n4", "last");
    }

    @Test
    void followEndsWhenInterrupted() throws Exception {
        EventJournal j = new EventJournal(dir, 1_000_000);
        Thread follower = Thread.ofVirtual().start(() -> j.follow(new EventQuery(null, null, null), e -> true,
                () -> false));
        follower.interrupt();
        assertThat(follower.join(Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void timesParseAsPodmanTakesThem() {
        Instant now = Instant.parse("2026-12-02T16:00:00Z");
        assertThat(EventQuery.parseTime("1m", now)).isEqualTo(now.minusSeconds(60));
        assertThat(EventQuery.parseTime("1h30m", now)).isEqualTo(now.minusSeconds(5400));
        assertThat(EventQuery.parseTime("2026-12-02T15:00:00Z", now)).isEqualTo(Instant.parse("2026-12-02T15:00:00Z"));
        assertThat(EventQuery.parseTime("2026-12-02T15:00:00.5+01:00", now))
                .isEqualTo(Instant.parse("2026-12-02T14:00:00.5Z"));
        assertThat(EventQuery.parseTime("1764690000", now)).isEqualTo(Instant.ofEpochSecond(1764690000));
        assertThat(EventQuery.parseTime("2026-12-02", now)).isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));
        assertThatThrownBy(() -> EventQuery.parseTime("yesterday", now)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("\"yesterday\"");
    }

    @Test
    void badFiltersAreRefusedClearly() {
        assertThatThrownBy(() -> EventFilter.parse(List.of("colour=red"))).hasMessageContaining("colour");
        assertThatThrownBy(() -> EventFilter.parse(List.of("type"))).hasMessageContaining("KEY=VALUE");
        assertThatThrownBy(() -> EventFilter.parse(List.of("type=planet"))).hasMessageContaining("planet");
    }
}
