package dev.peapod.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.testing.TestProcesses;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

    /**
     * Linux detects record-lock deadlocks per process: a process whose one thread holds a lock another process waits
     * for, while its other thread asks for a lock that process holds, gets EDEADLK though the holding thread goes on.
     * An event written then (a cleanup holding a container's lock beside a command) must not be lost.
     */
    @Test
    void anEventWrittenWhileTheKernelSeesAFalseDeadlockIsNotLost() throws Exception {
        EventJournal j = new EventJournal(dir.resolve("events"), 1_000_000);
        j.append(ctr("create", "first", T0));
        Path containerLock = dir.resolve("ctr.lock");
        Path journalLock = dir.resolve("events").resolve("events.log.lock");
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // this process's other thread holds the "container lock" the other process will wait for
        Thread holder = new Thread(() -> {
            try (FileChannel ch = FileChannel.open(containerLock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = ch.lock()) {
                locked.countDown();
                release.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        holder.start();
        assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
        Process other = new ProcessBuilder(TestProcesses.javaCommand(LockChainMain.class, journalLock.toString(),
                containerLock.toString())).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("holding");
            awaitBlockedLockOf(other.pid());
            Thread writer = new Thread(() -> j.write(ctr("restart", "second", T0.plusSeconds(1))));
            writer.start();
            // the write now waits for (or, in the kernel's eyes, deadlocks on) the other process; let it go on
            Thread.sleep(200);
            release.countDown();
            TestProcesses.join(writer, Duration.ofSeconds(60));
            assertThat(TestProcesses.exitCode(other, Duration.ofSeconds(60))).isZero();
            assertThat(out.readLine()).isEqualTo("got both");
        } finally {
            release.countDown();
            other.destroyForcibly();
            TestProcesses.join(holder, Duration.ofSeconds(30));
        }
        assertThat(j.read(new EventQuery(null, null, null))).extracting(Event::name).containsExactly("first",
                "second");
    }

    /** Waits until {@code pid} is blocked on a record lock ({@code /proc/locks} lists its waiter with "->"). */
    private static void awaitBlockedLockOf(long pid) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Files.readAllLines(Path.of("/proc/locks")).stream()
                .noneMatch(l -> l.contains("->") && l.contains(" " + pid + " "))) {
            assertThat(System.nanoTime()).as("process " + pid + " never waited for the lock").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
