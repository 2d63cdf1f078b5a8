package dev.peapod.core.events;

import dev.peapod.core.lock.FileLocks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A store's event journal: podman's file events backend ({@code events_logger = "file"}), one JSON line per event in
 * {@code <root>/events/events.log}, appended by every process that uses the store. When a write would take the file
 * past its size limit, the file is first rotated to {@code events.log.1} (the one older generation kept), so the
 * journal holds at most about twice the limit. Readers see the rotated file, then the current one, oldest first.
 *
 * <p>Writers serialize on {@code events.log.lock} (an in-JVM lock, then the file lock, taken through
 * {@link FileLocks#lock} so that the kernel's false deadlock reports do not drop an event); readers take no lock and
 * skip a torn last line until it is complete. Writing is best effort: an event that cannot be written never fails
 * the operation it records (podman logs and goes on).
 */
public final class EventJournal {
    /** podman's {@code events_logfile_max_size} default: 1 MB. */
    public static final long DEFAULT_MAX_BYTES = 1_000_000;
    private static final ReentrantLock IN_JVM = new ReentrantLock();
    private static final long POLL_MILLIS = 200;

    private final Path dir;
    private final long maxBytes;

    /** A journal in {@code dir} rotated past {@code maxBytes}. */
    public EventJournal(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /** The journal of the store whose root (podman's {@code --root}) is {@code root}. */
    public static EventJournal forStore(Path root) {
        return new EventJournal(root.resolve("events"), DEFAULT_MAX_BYTES);
    }

    /** The current file. */
    public Path file() {
        return dir.resolve("events.log");
    }

    private Path rotated() {
        return dir.resolve("events.log.1");
    }

    /** Appends an event; never throws (see the class comment). */
    public void write(Event e) {
        try {
            append(e);
        } catch (IOException | RuntimeException ex) {
            // best effort, as podman: the step happened whether or not it could be recorded
        }
    }

    /**
     * Appends an event.
     *
     * @throws IOException if the journal cannot be written
     */
    public void append(Event e) throws IOException {
        byte[] line = (EventJson.write(e) + "\n").getBytes(StandardCharsets.UTF_8);
        IN_JVM.lock();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            try (FileChannel lockFile = FileChannel.open(dir.resolve("events.log.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock held = FileLocks.lock(lockFile)) {
                Path f = file();
                if (Files.exists(f) && Files.size(f) + line.length > maxBytes) {
                    Files.move(f, rotated(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
                    ByteBuffer b = ByteBuffer.wrap(line);
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                }
            }
        } finally {
            IN_JVM.unlock();
        }
    }

    /** The recorded events the query selects, oldest first ({@code --stream=false}). */
    public List<Event> read(EventQuery q) {
        List<Event> out = new ArrayList<>();
        for (Path f : List.of(rotated(), file())) {
            try (Tail t = Tail.open(f)) {
                if (t != null) {
                    t.drain(e -> {
                        if (q.selects(e)) {
                            out.add(e);
                        }
                        return true;
                    });
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the event journal " + f + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * Hands {@code sink} the recorded events the query selects, then each new one as it is written, until
     * {@code sink} returns false, the query's {@code until} has passed, {@code stop} says so, or the thread is
     * interrupted. Follows the journal across rotations.
     */
    public void follow(EventQuery q, Predicate<Event> sink, BooleanSupplier stop) {
        Predicate<Event> filtered = e -> !q.selects(e) || sink.test(e);
        boolean[] open = {true};
        Predicate<Event> live = e -> open[0] = filtered.test(e);
        try {
            try (Tail old = Tail.open(rotated())) {
                if (old != null && !old.drain(live)) {
                    return;
                }
            }
            Tail cur = null;
            try {
                while (!stop.getAsBoolean() && !Thread.currentThread().isInterrupted()
                        && (q.until() == null || Instant.now().isBefore(q.until()))) {
                    if (cur == null) {
                        cur = Tail.open(file());
                    }
                    if (cur != null) {
                        if (!cur.drain(live)) {
                            return;
                        }
                        if (cur.replaced(file())) {
                            cur.drain(live);
                            cur.close();
                            cur = null;
                            continue;
                        }
                    }
                    Thread.sleep(POLL_MILLIS);
                }
            } finally {
                if (cur != null) {
                    cur.close();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot follow the event journal in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** An open journal file read line by line from where the last read stopped; a partial last line waits. */
    private static final class Tail implements AutoCloseable {
        private final FileChannel ch;
        private final Object key;
        private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

        private Tail(FileChannel ch, Object key) {
            this.ch = ch;
            this.key = key;
        }

        static Tail open(Path f) throws IOException {
            try {
                FileChannel ch = FileChannel.open(f, StandardOpenOption.READ);
                return new Tail(ch, Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class)
                        .fileKey());
            } catch (NoSuchFileException e) {
                return null;
            }
        }

        /** Whether {@code f} is now another file than the one open here (the journal was rotated). */
        boolean replaced(Path f) throws IOException {
            try {
                return !java.util.Objects.equals(key, Files.readAttributes(f,
                        java.nio.file.attribute.BasicFileAttributes.class).fileKey());
            } catch (NoSuchFileException e) {
                return false;
            }
        }

        /** Reads complete lines to the end of the file; false as soon as {@code sink} says stop. */
        boolean drain(Predicate<Event> sink) throws IOException {
            while (true) {
                buf.clear();
                int n = ch.read(buf);
                if (n <= 0) {
                    return true;
                }
                byte[] a = buf.array();
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (a[i] == '\n') {
                        pending.write(a, start, i - start);
                        String line = pending.toString(StandardCharsets.UTF_8);
                        pending.reset();
                        start = i + 1;
                        var e = EventJson.parse(line);
                        if (e.isPresent() && !sink.test(e.get())) {
                            return false;
                        }
                    }
                }
                pending.write(a, start, n - start);
            }
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
