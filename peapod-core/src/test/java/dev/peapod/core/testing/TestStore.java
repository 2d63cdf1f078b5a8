package dev.peapod.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.cgroup.CgroupManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * What every integration-test fixture on a real store shares (core's {@code RuntimeStore}, the CLI's
 * {@code CliStore}): a temporary directory for the store ({@code TMP/peapod-it-xxxxxxxx}, short: podman refuses a run
 * root over 50 characters and sockets under it must fit sun_path's 108 bytes), a cgroup parent of its own
 * ({@code /peapod-NAME-xxxxxxxx}), and the end of a test: after the fixture removed what the test made through the
 * engine, nothing may be left, and whatever is left is removed anyway.
 */
public final class TestStore {
    private final Path dir;
    private final String cgroupParent;

    private TestStore(Path dir, String cgroupParent) {
        this.dir = dir;
        this.cgroupParent = cgroupParent;
    }

    /** What a fixture removes through the engine at the end of a test (pods, containers, volumes). */
    @FunctionalInterface
    public interface Removal {
        void run() throws Exception;
    }

    /** Makes the directory and names the cgroup parent (created by the engine on first use). */
    public static TestStore create(String name) throws IOException {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createDirectory(Path.of(System.getProperty("java.io.tmpdir"), "peapod-it-" + unique));
        return new TestStore(dir, "/peapod-" + name + "-" + unique);
    }

    /** The test's own directory: the store is in {@code root} and {@code run} below it; the rest is the test's. */
    public Path dir() {
        return dir;
    }

    /** The cgroup parent every pod and container of the store is created under. */
    public String cgroupParent() {
        return cgroupParent;
    }

    /**
     * Ends a test: runs {@code removal}, then fails if anything is left: a process that mentions the directory
     * (conmon, exit commands, aardvark-dns, healthchecks: each given 30 s to end by itself), a mount under the
     * directory, a process in the cgroup parent. Whatever happens, what is left is then killed, the cgroup parent
     * removed and the directory deleted (never through a mount point: it may lead into the host's files).
     */
    public void finish(Removal removal) throws Exception {
        boolean mountsLeft = true;
        try {
            removal.run();
            assertThat(TestProcesses.processesLeft(dir)).as("processes left behind (conmon, exit commands, aardvark-dns,"
                    + " healthchecks) that mention " + dir + ": " + processesMentioningDir()).isZero();
            assertThat(mounts()).as("nothing left mounted").isEmpty();
            mountsLeft = false;
            assertThat(CgroupManager.detect().pids(cgroupParent)).as("processes left in " + cgroupParent).isEmpty();
        } finally {
            TestProcesses.killLeftovers(dir);
            CgroupManager.detect().remove(cgroupParent);
            if (!mountsLeft || mounts().isEmpty()) {
                TestDirs.deleteTree(dir);
            }
        }
    }

    private List<String> processesMentioningDir() {
        return ProcessHandle.allProcesses().filter(p -> p.pid() != ProcessHandle.current().pid())
                .map(p -> p.info().commandLine().orElse("")).filter(c -> c.contains(dir.toString())).toList();
    }

    /** The mounts under the directory ({@code /proc/self/mountinfo} lines that name it). */
    public List<String> mounts() {
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .filter(l -> l.contains(dir.toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
