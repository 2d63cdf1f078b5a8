package dev.peapod.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.sys.Libc;
import dev.peapod.core.testing.TestEnv;
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
        assertThat(SafeTarExtractor.Options.layer().preserveOwnership()).isEqualTo(TestEnv.isRoot());
        if (TestEnv.isRoot()) {
            assertThat(Files.getAttribute(root.resolve("bin/su"), "unix:uid")).isEqualTo(1234);
            assertThat(Files.getAttribute(root.resolve("bin/su"), "unix:gid")).isEqualTo(5678);
        }
        assertThat(Files.getLastModifiedTime(root.resolve("bin/su"))).isEqualTo(TarBuilder.MTIME);
        assertThat(Files.getLastModifiedTime(root.resolve("bin"))).isEqualTo(TarBuilder.MTIME);
    }

    /** The attribute's bytes as ISO-8859-1 (one char per byte), or null if the file has none. */
    private static String xattr(Path p, String name) {
        byte[] v = Libc.lgetxattr(p.toString(), name);
        return v == null ? null : new String(v, StandardCharsets.ISO_8859_1);
    }

    private static String bytesOf(String utf8) {
        return new String(utf8.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aLayerCannotForgeOverlayMetadataThroughTrustedXattrs() throws IOException {
        TestEnv.requireRoot("only root can read or write trusted.* attributes, so only root can see them missing");
        extract(new TarBuilder()
                .dirWithPax("d", Map.of("SCHILY.xattr.trusted.overlay.opaque", "y",
                        "SCHILY.xattr.trusted.overlay.redirect", "/etc"))
                .withPax("d/f", "f", Map.of("SCHILY.xattr.trusted.overlay.redirect", "/etc",
                        "SCHILY.xattr.trusted.overlay.metacopy", "",
                        "SCHILY.xattr.trusted.peapod", "x"))
                .build());
        assertThat(root.resolve("d/f")).hasContent("f");
        for (Path p : List.of(root.resolve("d"), root.resolve("d/f"))) {
            assertThat(xattr(p, "trusted.overlay.opaque")).as(p + " opaque").isNull();
            assertThat(xattr(p, "trusted.overlay.redirect")).as(p + " redirect").isNull();
            assertThat(xattr(p, "trusted.overlay.metacopy")).as(p + " metacopy").isNull();
            assertThat(xattr(p, "trusted.peapod")).as(p + " trusted.peapod").isNull();
        }
    }

    @Test
    void userXattrsAreAppliedToFilesAndDirectoriesButNotLinks() throws IOException {
        extract(new TarBuilder()
                .dirWithPax("d", Map.of("SCHILY.xattr.user.role", "dir"))
                .withPax("d/f", "f", Map.of("SCHILY.xattr.user.note", "caf\u00e9 is 5 bytes"))
                .symlinkWithPax("d/l", "f", Map.of("SCHILY.xattr.user.note", "links cannot carry user.* attributes"))
                .build());
        assertThat(xattr(root.resolve("d"), "user.role")).isEqualTo("dir");
        assertThat(xattr(root.resolve("d/f"), "user.note")).as("PAX values are UTF-8")
                .isEqualTo(bytesOf("caf\u00e9 is 5 bytes"));
        assertThat(Files.readSymbolicLink(root.resolve("d/l"))).isEqualTo(Path.of("f"));
    }

    /** A valid VFS_CAP_REVISION_2 value: cap_net_raw permitted and effective. */
    private static final String CAP_NET_RAW = new String(new byte[] {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0}, StandardCharsets.ISO_8859_1);

    @Test
    void fileCapabilitiesAreKeptOnlyWhenOwnersAre() throws IOException {
        TestEnv.requireRoot("setting security.capability needs CAP_SETFCAP");
        byte[] tar = new TarBuilder().withPax("ping", "elf", Map.of("SCHILY.xattr.security.capability", CAP_NET_RAW))
                .build();
        new SafeTarExtractor(new SafeTarExtractor.Options(true, true, false)).extract(new ByteArrayInputStream(tar), root);
        assertThat(xattr(root.resolve("ping"), "security.capability")).isEqualTo(CAP_NET_RAW);
        Path other = Files.createDirectory(sandbox.resolve("unowned"));
        new SafeTarExtractor(new SafeTarExtractor.Options(true, false, false))
                .extract(new ByteArrayInputStream(tar), other);
        assertThat(xattr(other.resolve("ping"), "security.capability"))
                .as("a capability on a file whose owner was not kept would apply to whoever extracted it").isNull();
    }

    @Test
    void whiteoutsBecomeOverlayWhiteouts() throws IOException {
        TestEnv.requireRoot("whiteout device nodes and trusted.* xattrs need root");
        extract(new TarBuilder().dir("etc", 0755).file("etc/.wh.motd", "").dir("var/cache", 0755)
                .file("var/cache/.wh..wh..opq", "").file("var/cache/.wh..wh.plnk", "").build());
        Path wh = root.resolve("etc/motd");
        assertThat((Integer) Files.getAttribute(wh, "unix:mode", NOFOLLOW) & 0170000).isEqualTo(0020000);
        assertThat(Files.getAttribute(wh, "unix:rdev", NOFOLLOW)).isEqualTo(0L);
        assertThat(root.resolve("etc/.wh.motd")).doesNotExist();
        assertThat(root.resolve("var/cache/.wh..wh..opq")).doesNotExist();
        assertThat(xattr(root.resolve("var/cache"), "trusted.overlay.opaque")).isEqualTo("y");
        assertThat(xattr(root.resolve("var"), "trusted.overlay.opaque")).isNull();
        assertThat(xattr(root.resolve("etc"), "trusted.overlay.opaque")).isNull();
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
    void aStreamStartingWithGzipsMagicIsReadAsGzipEvenWhenCutShort() {
        // two bytes of gzip magic and nothing more: a broken gzip stream, never a plain tar that happens to start so
        assertThatThrownBy(() -> SafeTarExtractor.decompressed(new ByteArrayInputStream(new byte[] {0x1f, (byte) 0x8b})))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aWhiteoutReplacesWhatTheSameLayerPutThereBefore() throws IOException {
        TestEnv.requireRoot("whiteout device nodes need root");
        extract(new TarBuilder().dir("etc", 0755).file("etc/motd", "hello").file("etc/.wh.motd", "")
                .dir("etc/gone", 0755).file("etc/gone/f", "x").file("etc/.wh.gone", "").build());
        for (String hidden : List.of("etc/motd", "etc/gone")) {
            Path wh = root.resolve(hidden);
            assertThat((Integer) Files.getAttribute(wh, "unix:mode", NOFOLLOW) & 0170000).as(hidden)
                    .isEqualTo(0020000);
            assertThat(Files.getAttribute(wh, "unix:rdev", NOFOLLOW)).as(hidden).isEqualTo(0L);
        }
        assertOutsideUntouched();
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
        assertThat(SafeTarExtractor.makedev(259, 0x6789a)).isEqualTo(0x6781039aL);
        assertThat(SafeTarExtractor.makedev(0x12345, 0x6789a)).isEqualTo(0x120006783459aL);
    }

    // ---- refusals and replacements

    @Test
    void aWhiteoutOfNothingIsRefusedAndDeletesNothing() throws IOException {
        TestEnv.requireRoot("were the refusal missing, the whiteout would be a device node, which needs root");
        extract(new TarBuilder().file("keep", "k").file("sub/keep", "k").build());
        for (String name : List.of(".wh.", ".wh..", ".wh...", "sub/.wh.", "sub/.wh..", "sub/.wh...")) {
            assertThatThrownBy(() -> extract(new TarBuilder().file(name, "").build())).as(name)
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("whiteout of nothing")
                    .hasMessageContaining(name);
            assertThat(root.resolve("keep")).as(name).hasContent("k");
            assertThat(root.resolve("sub/keep")).as(name).hasContent("k");
            assertOutsideUntouched();
        }
    }

    @Test
    void whiteoutMetadataOtherThanOpaqueIsSkippedAndSaysSo() {
        SafeTarExtractor.Result r = extract(new TarBuilder().file("a/.wh..wh.plnk", "").file("a/.wh..wh.aufs", "")
                .build());
        assertThat(r.skipped()).containsExactly("a/.wh..wh.plnk: whiteout metadata skipped",
                "a/.wh..wh.aufs: whiteout metadata skipped");
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void anEntryBelowARegularFileIsRefused() throws IOException {
        byte[] tar = new TarBuilder().file("etc", "a file, not a directory").file("etc/passwd", "pwned").build();
        assertThatThrownBy(() -> extract(tar)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("\"etc/passwd\"").hasMessageContaining("its parent \"etc\" is not a directory");
        assertThat(root.resolve("etc")).hasContent("a file, not a directory");
        byte[] fifoParent = new TarBuilder().fifo("p", 0644).dir("p/d", 0755).build();
        assertThatThrownBy(() -> extract(fifoParent)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("is not a directory");
        assertOutsideUntouched();
    }

    @Test
    void aDirectoryEntryReplacesAFileOrLinkButKeepsAnExistingDirectory() throws IOException {
        extract(new TarBuilder().file("d", "file").symlink("l", outside.toString()).dir("keep", 0700)
                .file("keep/old", "old").build());
        extract(new TarBuilder().dir("d", 0750).dir("l", 0755).file("l/new", "new").dir("keep", 0755).build());
        assertThat(root.resolve("d")).isDirectory();
        assertThat(Files.getAttribute(root.resolve("d"), "unix:mode", NOFOLLOW)).isEqualTo(040750);
        assertThat(Files.isSymbolicLink(root.resolve("l"))).isFalse();
        assertThat(root.resolve("l/new")).hasContent("new");
        assertThat(root.resolve("keep/old")).as("a repeated directory entry keeps what is in it").hasContent("old");
        assertThat(Files.getAttribute(root.resolve("keep"), "unix:mode", NOFOLLOW)).isEqualTo(040755);
        assertOutsideUntouched();
    }

    @Test
    void aSymlinkEntryReplacesAFileOrAWholeDirectory() throws IOException {
        extract(new TarBuilder().file("f", "file").dir("d", 0755).file("d/inner", "x").build());
        extract(new TarBuilder().symlink("f", "/etc/passwd").symlink("d", "../outside").build());
        assertThat(Files.readSymbolicLink(root.resolve("f"))).isEqualTo(Path.of("/etc/passwd"));
        assertThat(Files.readSymbolicLink(root.resolve("d"))).isEqualTo(Path.of("../outside"));
        assertThat(Files.getLastModifiedTime(root.resolve("d"), NOFOLLOW)).isEqualTo(TarBuilder.MTIME);
        assertOutsideUntouched();
    }

    @Test
    void aHardLinkEntryReplacesWhatWasThere() throws IOException {
        extract(new TarBuilder().file("target", "shared").file("h", "old").dir("hd", 0755).file("hd/x", "x")
                .symlink("hl", outside.resolve("victim").toString()).build());
        extract(new TarBuilder().hardlink("h", "target").hardlink("hd", "target").hardlink("hl", "target").build());
        for (String name : List.of("h", "hd", "hl")) {
            assertThat(Files.isSameFile(root.resolve(name), root.resolve("target"))).as(name).isTrue();
        }
        assertThat(Files.getAttribute(root.resolve("target"), "unix:nlink")).isEqualTo(4);
        assertOutsideUntouched();
    }

    @Test
    void aHardLinkMustNameAFileAlreadyInTheLayer() throws IOException {
        extract(new TarBuilder().dir("dir", 0755).file("dir/f", "f").symlink("via", "dir").build());
        assertThatThrownBy(() -> extract(new TarBuilder().hardlink("r", "/").build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("points at the root directory");
        assertThatThrownBy(() -> extract(new TarBuilder().hardlink("r", "a/..").build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("points at the root directory");
        assertThatThrownBy(() -> extract(new TarBuilder().hardlink("d", "dir").build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("the target is a directory");
        assertThatThrownBy(() -> extract(new TarBuilder().hardlink("v", "via/f").build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("its target's path goes through a symbolic link");
        assertThatThrownBy(() -> extract(new TarBuilder().hardlink("m", "dir/missing").build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("not in the layer");
        assertThatThrownBy(() -> extract(new TarBuilder().hardlink("m", "nodir/missing").build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("not in the layer");
        assertThat(root.resolve("nodir")).as("looking for a link's target creates nothing").doesNotExist();
        assertThatThrownBy(() -> extract(new TarBuilder().hardlink("m", "dir/f/below").build()))
                .isInstanceOf(InvalidArgumentException.class);
        assertThat(root.resolve("r")).doesNotExist();
        assertThat(root.resolve("d")).doesNotExist();
        assertThat(root.resolve("v")).doesNotExist();
        assertOutsideUntouched();
    }

    @Test
    void fifosAreCreatedWithTheirModeAndReplaceWhatWasThere() throws IOException {
        extract(new TarBuilder().file("p", "file").build());
        extract(new TarBuilder().fifo("p", 0640).fifo("run/q", 0600).build());
        assertThat((Integer) Files.getAttribute(root.resolve("p"), "unix:mode", NOFOLLOW)).isEqualTo(010640);
        assertThat((Integer) Files.getAttribute(root.resolve("run/q"), "unix:mode", NOFOLLOW)).isEqualTo(010600);
        assertThat(Files.getLastModifiedTime(root.resolve("p"), NOFOLLOW)).isEqualTo(TarBuilder.MTIME);
    }

    @Test
    void deviceNodesAreCreatedOnlyWhenAllowedAndRoot() throws IOException {
        TestEnv.requireRoot("mknod of a device needs CAP_MKNOD");
        byte[] tar = new TarBuilder().file("dev/null", "placeholder").charDevice("dev/null", 1, 3)
                .blockDevice("dev/big", 259, 0x6789a).build();
        SafeTarExtractor.Result r = new SafeTarExtractor(new SafeTarExtractor.Options(false, true, true))
                .extract(new ByteArrayInputStream(tar), root);
        assertThat(r.skipped()).isEmpty();
        Path nul = root.resolve("dev/null");
        assertThat((Integer) Files.getAttribute(nul, "unix:mode", NOFOLLOW)).isEqualTo(020666);
        assertThat(Files.getAttribute(nul, "unix:rdev", NOFOLLOW)).isEqualTo(0x103L);
        Path big = root.resolve("dev/big");
        assertThat((Integer) Files.getAttribute(big, "unix:mode", NOFOLLOW)).isEqualTo(060640);
        assertThat(Files.getAttribute(big, "unix:rdev", NOFOLLOW)).isEqualTo(0x6781039aL);
    }

    @Test
    void unknownEntryTypesAreExtractedAsRegularFilesAsTarDoes() {
        TarBuilder b = new TarBuilder();
        SafeTarExtractor.Result r = extract(b.typed("contiguous", (byte) '7').typed("odd", (byte) 'Z').build());
        assertThat(r.skipped()).isEmpty();
        assertThat(root.resolve("contiguous")).isRegularFile().isEmptyFile();
        assertThat(root.resolve("odd")).isRegularFile();
    }

    @Test
    void theRootEntryAndEmptyNamesAreHarmless() {
        SafeTarExtractor.Result r = extract(new TarBuilder().dir("./", 0700).file("./f", "f").build());
        assertThat(r.entries()).isEqualTo(2);
        assertThat(root.resolve("f")).hasContent("f");
    }

    @Test
    void theResultCountsEntriesAndContentBytes() {
        SafeTarExtractor.Result r = extract(new TarBuilder().dir("d", 0755).file("d/a", "12345").file("d/b", "678")
                .symlink("d/l", "a").charDevice("d/c", 1, 3).build());
        assertThat(r.entries()).isEqualTo(5);
        assertThat(r.bytes()).isEqualTo(8);
        assertThat(r.skipped()).containsExactly("d/c: device node skipped");
    }

    @Test
    void zstdAndPlainAreDetectedAndShortStreamsPassThrough() throws IOException {
        byte[] tar = new TarBuilder().file("hello", "zstd").build();
        ByteArrayOutputStream zs = new ByteArrayOutputStream();
        try (var out = new org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream(zs)) {
            out.write(tar);
        }
        new SafeTarExtractor(SafeTarExtractor.Options.plain())
                .extract(SafeTarExtractor.decompressed(new ByteArrayInputStream(zs.toByteArray())), root);
        assertThat(root.resolve("hello")).hasContent("zstd");
        assertThat(SafeTarExtractor.decompressed(new ByteArrayInputStream(tar)).readAllBytes()).isEqualTo(tar);
        for (byte[] shortOne : new byte[][] {{}, {0x1f}, {0x28, (byte) 0xb5, 0x2f}, {0x1f, 0x00, 1, 2}}) {
            assertThat(SafeTarExtractor.decompressed(new ByteArrayInputStream(shortOne)).readAllBytes())
                    .isEqualTo(shortOne);
        }
    }
}
