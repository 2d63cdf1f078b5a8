package dev.peapod.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.define.PeapodException;
import dev.peapod.core.testing.Gen;
import dev.peapod.core.testing.TestDirs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mutated OCI and docker archives through {@link ImageStore#load}: random bytes flipped, truncations,
 * a member's content replaced (bad JSON, wrong digests, junk), hostile member names and links. Each load
 * either succeeds or fails with a {@link PeapodException} carrying a message; after a failure the store's
 * image list and every file under its root are exactly as before (no staging leftovers, no half layer).
 * Each property gets one store (loads that succeed stay in it, so later tries load over earlier images) and runs
 * {@value #TRIES} seeded {@link Gen} tries; {@code -Dpeapod.tries=N} scales them to N percent,
 * {@code -Dpeapod.seed=S} replays a failure. The counts are printed at the end.
 */
class ArchivePropertiesTest {
    static final int TRIES = 300;
    static final byte[] BASE = new TarBuilder().dir("bin", 0755).file("bin/hello", "hello", 0755, 0, 0)
            .dir("etc", 0755).file("etc/os-release", "ID=fuzz\n").build();
    static final byte[] TOP = new TarBuilder().dir("etc", 0755).file("etc/motd", "welcome\n").build();
    static final AtomicInteger TRIED = new AtomicInteger();
    static final AtomicInteger REFUSED = new AtomicInteger();

    Path tmp;
    ImageStore store;
    byte[] oci;
    byte[] docker;

    /** Flip 1 to 8 random bytes of the OCI or docker archive, then perhaps cut it short. */
    record Flips(boolean useDocker, int flips, boolean truncate, long seed) {
    }

    /** Rewrite one member of the OCI or docker archive the {@link #mutateMember} way {@code how}. */
    record MemberChange(boolean useDocker, int how, long seed) {
    }

    static final Gen<Boolean> BOOLEANS = Random::nextBoolean;
    static final Gen<Long> SEEDS = Random::nextLong;

    @BeforeEach
    void open() throws IOException {
        tmp = Files.createTempDirectory("peapod-archive-fuzz");
        store = ImageStore.open(tmp.resolve("storage"));
        oci = Files.readAllBytes(new ArchiveBuilder().layer(BASE).layer(TOP)
                .writeOci(tmp.resolve("oci.tar"), "fuzz:1"));
        docker = Files.readAllBytes(new ArchiveBuilder().layer(BASE).plainLayers()
                .writeDocker(tmp.resolve("docker.tar"), "fuzz:2"));
        store.load(tmp.resolve("oci.tar"));
    }

    @AfterEach
    void close() {
        store.close();
        TestDirs.deleteTree(tmp);
    }

    @AfterAll
    static void report() {
        System.out.printf("ArchivePropertiesTest: %d mutated archives loaded, %d refused with a clear error%n",
                TRIED.get(), REFUSED.get());
    }

    @Test
    void flippedBytesAndTruncationsAreRefusedWithoutChangingTheStore() {
        Gen<Flips> inputs = r -> new Flips(BOOLEANS.next(r), Gen.ints(1, 8).next(r), BOOLEANS.next(r), SEEDS.next(r));
        Gen.check("flipped archives", TRIES, inputs, in -> {
            Random rnd = new Random(in.seed());
            byte[] a = (in.useDocker() ? docker : oci).clone();
            for (int i = 0; i < in.flips(); i++) {
                a[rnd.nextInt(a.length)] ^= (byte) (1 + rnd.nextInt(255));
            }
            if (in.truncate()) {
                a = Arrays.copyOf(a, rnd.nextInt(a.length));
            }
            loadAndCheck(a);
        });
    }

    @Test
    void membersReplacedRenamedOrLinkedAreRefusedWithoutChangingTheStore() {
        Gen<MemberChange> inputs = r -> new MemberChange(BOOLEANS.next(r), Gen.ints(0, 5).next(r), SEEDS.next(r));
        Gen.check("mutated members", TRIES, inputs, in -> {
            try {
                loadAndCheck(mutateMember(in.useDocker() ? docker : oci, in.how(), new Random(in.seed())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void loadAndCheck(byte[] archive) {
        TRIED.incrementAndGet();
        Path file = tmp.resolve("mutated.tar");
        try {
            Files.write(file, archive);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Image> before = store.list();
        Map<String, Long> filesBefore = files(store.root());
        try {
            List<Image> loaded = store.load(file);
            assertThat(loaded).isNotEmpty();
            for (Image img : loaded) {
                assertThat(store.layerDirs(img.id())).isNotEmpty();
            }
        } catch (PeapodException e) {
            REFUSED.incrementAndGet();
            assertThat(e.getMessage()).as("a clear message").isNotBlank();
            assertThat(store.list()).as("image list after a refused load").isEqualTo(before);
            assertThat(files(store.root())).as("files under the store after a refused load (%s)", e.getMessage())
                    .isEqualTo(filesBefore);
        }
    }

    /**
     * Rewrites one member of a tar: 0 junk content, 1 bad JSON, 2 changed digest and size, 3 hostile name,
     * 4 a link out of the archive, 5 dropped.
     */
    private static byte[] mutateMember(byte[] tar, int how, Random rnd) throws IOException {
        List<TarArchiveEntry> entries = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries.add(e);
                contents.add(in.readAllBytes());
            }
        }
        int victim = rnd.nextInt(entries.size());
        String[] hostile = {"../../escape", "/abs/path", "blobs/sha256/../../../x", "a/../../b", "index.json/..",
            "blobs/sha256/" + "f".repeat(64) + "/../../../../etc/passwd", "./manifest.json\u0000x"};
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(b)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (int i = 0; i < entries.size(); i++) {
                String name = entries.get(i).getName();
                byte[] data = contents.get(i);
                if (i == victim) {
                    switch (how) {
                        case 0 -> {
                            data = new byte[rnd.nextInt(64)];
                            rnd.nextBytes(data);
                        }
                        case 1 -> data = badJson(rnd);
                        case 2 -> data = new String(data, StandardCharsets.ISO_8859_1)
                                .replaceFirst("sha256:[0-9a-f]", "sha256:" + Integer.toHexString(rnd.nextInt(16)))
                                .replaceFirst("\"size\":\\d+", "\"size\":" + rnd.nextInt(1000))
                                .getBytes(StandardCharsets.ISO_8859_1);
                        case 3 -> name = hostile[rnd.nextInt(hostile.length)];
                        case 4 -> {
                            TarArchiveEntry link = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                            link.setLinkName(rnd.nextBoolean() ? "/etc/passwd" : "../../../../etc/shadow");
                            out.putArchiveEntry(link);
                            out.closeArchiveEntry();
                            continue;
                        }
                        default -> {
                            continue;
                        }
                    }
                }
                TarArchiveEntry e = new TarArchiveEntry(name, true);
                e.setSize(data.length);
                e.setMode(0100644);
                out.putArchiveEntry(e);
                out.write(data);
                out.closeArchiveEntry();
            }
        }
        return b.toByteArray();
    }

    private static byte[] badJson(Random rnd) {
        String[] samples = {"", "{", "[]", "null", "{\"schemaVersion\":2}", "{\"manifests\":[{}]}",
            "{\"manifests\":[{\"digest\":\"sha256:zz\"}]}", "[{\"Config\":\"../../x\",\"Layers\":[\"/etc/passwd\"]}]",
            "[{\"Config\":null,\"Layers\":null,\"RepoTags\":[1,2]}]", "{\"rootfs\":{\"diff_ids\":\"x\"}}",
            "{\"config\":{\"Cmd\":{}},\"rootfs\":{\"diff_ids\":[]}}", "\"" + "a".repeat(rnd.nextInt(100)) + "\"",
            "{\"manifests\":[{\"digest\":\"sha256:" + "0".repeat(64) + "\",\"size\":-1}]}"};
        return samples[rnd.nextInt(samples.length)].getBytes(StandardCharsets.UTF_8);
    }

    /** Every path under root (links not followed) with its size, -1 for directories and links. */
    private static Map<String, Long> files(Path root) {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                out.put(root.relativize(p).toString(), Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        ? Files.size(p) : -1L);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
