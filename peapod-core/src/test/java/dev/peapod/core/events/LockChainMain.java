package dev.peapod.core.events;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A second process for {@link EventJournalTest}: takes the record lock on {@code args[0]}, says {@code holding}, then
 * waits for the record lock on {@code args[1]} and releases both, as a command holding a container's lock does when
 * it writes an event.
 */
public final class LockChainMain {
    private LockChainMain() {
    }

    public static void main(String[] args) throws Exception {
        try (FileChannel first = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock a = first.lock()) {
            System.out.println("holding");
            System.out.flush();
            try (FileChannel second = FileChannel.open(Path.of(args[1]), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock b = second.lock()) {
                System.out.println("got both");
            }
        }
    }
}
