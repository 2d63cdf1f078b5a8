package dev.peapod.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.peapod.core.define.InvalidArgumentException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTarExtractorTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir
    Path sandbox;
    Path root;
    Path outside;
    List<String> before;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectory(sandbox.resolve("root"));
        outside = Files.createDirectory(sandbox.resolve("outside"));
        Files.writeString(outside.resolve("victim"), "original");
        before = outsideListing();
    }

    private List<String> outsideListing() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(sandbox)) {
            for (Path p : s.toList()) {
                if (p.startsWith(root)) {
                    continue;
                }
                String content = Files.isRegularFile(p, NOFOLLOW) ? Files.readString(p) : "";
                out.add(sandbox.relativize(p) + "|" + content + "|" + Files.getAttribute(p, "unix:nlink", NOFOLLOW)
                        + "|" + Files.getLastModifiedTime(p, NOFOLLOW));
            }
        }
        out.sort(null);
        return out;
    }

    private SafeTarExtractor.Result extract(byte[] tar) {
        return new SafeTarExtractor(SafeTarExtractor.Options.layer()).extract(new ByteArrayInputStream(tar), root);
    }

    private void assertOutsideUntouched() throws IOException {
        assertThat(outsideListing()).isEqualTo(before);
        assertThat(Files.readString(Path.of("/etc/passwd"))).contains("root:");
    }

    @Test
    void dotDotIsNeutralisedInsideRoot() throws IOException {
        extract(new TarBuilder().file("../escape.txt", "x").file("a/../../../outside/victim", "pwned")
                .file("./b/./../c", "c").build());
        assertThat(root.resolve("escape.txt")).hasContent("x");
        assertThat(root.resolve("outside/victim")).hasContent("pwned");
        assertThat(root.resolve("c")).hasContent("c");
        assertOutsideUntouched();
    }

    @Test
    void absolutePathsLandInsideRoot() throws IOException {
        extract(new TarBuilder().file("/abs/file", "abs").file(sandbox.resolve("outside/victim").toString(), "pwned")
                .build());
        assertThat(root.resolve("abs/file")).hasContent("abs");
        assertThat(root.resolve(sandbox.toString().substring(1)).resolve("outside/victim")).hasContent("pwned");
        assertOutsideUntouched();
    }

    @Test
    void refusesToWriteThroughAbsoluteSymlink() throws IOException {
        byte[] tar = new TarBuilder().symlink("link", outside.toString()).file("link/victim", "pwned")
                .file("link/new", "new").build();
        assertThatThrownBy(() -> extract(tar)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("symbolic link");
        assertOutsideUntouched();
    }

    @Test
    void refusesToWriteThroughRelativeSymlinkOrDirectoryEntryThroughLink() throws IOException {
        byte[] tar = new TarBuilder().symlink("up", "../outside").dir("up/newdir", 0755).build();
        assertThatThrownBy(() -> extract(tar)).isInstanceOf(InvalidArgumentException.class);
        byte[] tar2 = new TarBuilder().symlink("d", "../outside").symlink("d/victim", "/etc/shadow").build();
        assertThatThrownBy(() -> extract(tar2)).isInstanceOf(InvalidArgumentException.class);
        assertOutsideUntouched();
    }

    @Test
    void fileReplacesSymlinkInsteadOfFollowingIt() throws IOException {
        extract(new TarBuilder().symlink("f", outside.resolve("victim").toString()).file("f", "mine").build());
        assertThat(Files.isSymbolicLink(root.resolve("f"))).isFalse();
        assertThat(root.resolve("f")).hasContent("mine");
        extract(new TarBuilder().symlink("d", outside.toString()).dir("d", 0755).file("d/victim", "inside").build());
        assertThat(Files.isSymbolicLink(root.resolve("d"))).isFalse();
        assertThat(root.resolve("d/victim")).hasContent("inside");
        assertOutsideUntouched();
    }

    @Test
    void absoluteSymlinkTargetIsKeptAsContent() throws IOException {
        extract(new TarBuilder().symlink("bin/sh", "/bin/busybox").build());
        assertThat(Files.readSymbolicLink(root.resolve("bin/sh"))).isEqualTo(Path.of("/bin/busybox"));
    }

    @Test
    void hardlinkOutsideIsRefused() throws IOException {
        long nlink = (Integer) Files.getAttribute(Path.of("/etc/passwd"), "unix:nlink");
        assertThatThrownBy(() -> extract(new TarBuilder().hardlink("passwd", "/etc/passwd").build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("not in the layer");
        assertThatThrownBy(() -> extract(new TarBuilder().hardlink("v", "../outside/victim").build()))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> extract(new TarBuilder().symlink("o", outside.toString()).hardlink("v", "o/victim")
                .build())).isInstanceOf(InvalidArgumentException.class);
        extract(new TarBuilder().symlink("s", "/etc/passwd").hardlink("h", "s").build());
        assertThat(Files.isSymbolicLink(root.resolve("h"))).as("a hard link to a symlink is the link, not its target")
                .isTrue();
        assertThat((Integer) Files.getAttribute(Path.of("/etc/passwd"), "unix:nlink")).isEqualTo((int) nlink);
        assertOutsideUntouched();
    }

    @Test
    void hardlinkInsideWorks() throws IOException {
        extract(new TarBuilder().file("etc/passwd", "root:x:0:0::/:/bin/sh\n").hardlink("etc/passwd-", "/etc/passwd")
                .build());
        assertThat(Files.isSameFile(root.resolve("etc/passwd"), root.resolve("etc/passwd-"))).isTrue();
    }

    @Test
    void longNamesAndPaxPathsAreCleanedToo() throws IOException {
        String longName = "d/" + "x".repeat(150) + "/" + "y".repeat(120);
        extract(new TarBuilder().file(longName, "long").paxFile("harmless", "../../../outside/victim", "pax")
                .paxFile("harmless2", "../../pax-escape", "pax2").build());
        assertThat(root.resolve(longName)).hasContent("long");
        assertThat(root.resolve("outside/victim")).hasContent("pax");
        assertThat(root.resolve("pax-escape")).hasContent("pax2");
        assertThat(sandbox.getParent().resolve("pax-escape")).doesNotExist();
        assertOutsideUntouched();
    }

    @Test
    void modesOwnersAndTimesAreKept() throws IOException {
        extract(new TarBuilder().dir("bin", 0711).file("bin/su", "su", 04755, 1234, 5678)
                .file("bin/sg", "sg", 02750, 0, 0).dir("tmp", 01777).build());
        assertThat(Files.getAttribute(root.resolve("bin/su"), "unix:mode")).isEqualTo(0100000 | 04755);
        assertThat(Files.getAttribute(root.resolve("bin/sg"), "unix:mode")).isEqualTo(0100000 | 02750);
        assertThat(Files.getAttribute(root.resolve("tmp"), "unix:mode")).isEqualTo(040000 | 01777);
        assertThat(Files.getAttribute(root.resolve("bin"), "unix:mode")).isEqualTo(040000 | 0711);
        if (SafeTarExtractor.isRoot()) {
            assertThat(Files.getAttribute(root.resolve("bin/su"), "unix:uid")).isEqualTo(1234);
            assertThat(Files.getAttribute(root.resolve("bin/su"), "unix:gid")).isEqualTo(5678);
        }
        assertThat(Files.getLastModifiedTime(root.resolve("bin/su"))).isEqualTo(TarBuilder.MTIME);
        assertThat(Files.getLastModifiedTime(root.resolve("bin"))).isEqualTo(TarBuilder.MTIME);
    }

    @Test
    void trustedXattrsFromPaxAreIgnored() throws IOException {
        extract(new TarBuilder().withPax("f", "f", Map.of("SCHILY.xattr.trusted.overlay.redirect", "/etc")).build());
        assertThat(root.resolve("f")).hasContent("f");
    }

    @Test
    void whiteoutsBecomeOverlayWhiteouts() throws IOException {
        assumeTrue(SafeTarExtractor.isRoot(), "whiteout device nodes and trusted.* xattrs need root");
        extract(new TarBuilder().dir("etc", 0755).file("etc/.wh.motd", "").dir("var/cache", 0755)
                .file("var/cache/.wh..wh..opq", "").file("var/cache/.wh..wh.plnk", "").build());
        Path wh = root.resolve("etc/motd");
        assertThat((Integer) Files.getAttribute(wh, "unix:mode", NOFOLLOW) & 0170000).isEqualTo(0020000);
        assertThat(Files.getAttribute(wh, "unix:rdev", NOFOLLOW)).isEqualTo(0L);
        assertThat(root.resolve("etc/.wh.motd")).doesNotExist();
        assertThat(root.resolve("var/cache/.wh..wh..opq")).doesNotExist();
        assertThatThrownBy(() -> extract(new TarBuilder().symlink("w", outside.toString()).file("w/.wh.victim", "").build()))
                .isInstanceOf(InvalidArgumentException.class);
        assertThat(outside.resolve("victim")).hasContent("original");
        assertOutsideUntouched();
    }

    @Test
    void plainModeKeepsWhiteoutFilesAsFiles() {
        new SafeTarExtractor(SafeTarExtractor.Options.plain()).extract(
                new ByteArrayInputStream(new TarBuilder().file(".wh.x", "").build()), root);
        assertThat(root.resolve(".wh.x")).isRegularFile();
    }

    @Test
    void deviceNodesAreSkippedByDefault() {
        SafeTarExtractor.Result r = extract(new TarBuilder().charDevice("dev/null", 1, 3).charDevice("dev/sda", 8, 0)
                .build());
        assertThat(root.resolve("dev/null")).doesNotExist();
        assertThat(r.skipped()).hasSize(2).allMatch(s -> s.contains("device node skipped"));
    }

    @Test
    void gzipIsDetected() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (var out = new GzipCompressorOutputStream(gz)) {
            out.write(new TarBuilder().file("hello", "world").build());
        }
        new SafeTarExtractor(SafeTarExtractor.Options.layer())
                .extract(SafeTarExtractor.decompressed(new ByteArrayInputStream(gz.toByteArray())), root);
        assertThat(root.resolve("hello")).hasContent("world");
    }

    @Test
    void garbageIsAClearError() {
        byte[] junk = "this is not a tar archive at all".repeat(40).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> extract(junk)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("not a valid tar archive");
    }

    @Test
    void truncatedArchiveIsAClearError() {
        byte[] full = new TarBuilder().file("big", "x".repeat(5000)).build();
        byte[] cut = java.util.Arrays.copyOf(full, 2048);
        assertThatThrownBy(() -> extract(cut)).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("big");
    }

    @Test
    void makedevMatchesGlibc() {
        assertThat(SafeTarExtractor.makedev(0, 0)).isZero();
        assertThat(SafeTarExtractor.makedev(1, 3)).isEqualTo(0x103L);
        assertThat(SafeTarExtractor.makedev(8, 0)).isEqualTo(0x800L);
    }
}
