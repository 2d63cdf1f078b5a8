package dev.peapod.core.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds tar archives entry by entry in memory, including hostile ones. */
final class TarBuilder {
    static final FileTime MTIME = FileTime.from(Instant.parse("2020-01-02T03:04:05Z"));
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream out;

    TarBuilder() {
        out = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name());
        out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    TarBuilder dir(String name, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
        e.setMode(040000 | mode);
        return put(e, null);
    }

    TarBuilder file(String name, String content) {
        return file(name, content, 0644, 0, 0);
    }

    TarBuilder file(String name, String content, int mode, int uid, int gid) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(0100000 | mode);
        e.setUserId(uid);
        e.setGroupId(gid);
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        e.setSize(data.length);
        return put(e, data);
    }

    TarBuilder symlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        e.setMode(0120777);
        return put(e, null);
    }

    TarBuilder hardlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
        e.setLinkName(target);
        return put(e, null);
    }

    TarBuilder charDevice(String name, int major, int minor) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_CHR);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        e.setMode(020666);
        return put(e, null);
    }

    TarBuilder blockDevice(String name, int major, int minor) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_BLK);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        e.setMode(060640);
        return put(e, null);
    }

    TarBuilder fifo(String name, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_FIFO);
        e.setMode(010000 | mode);
        return put(e, null);
    }

    /** An entry of any type flag, with no content. */
    TarBuilder typed(String name, byte type) {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setMode(0644);
        return put(e, null);
    }

    /** A directory with PAX headers (extended attributes, for example). */
    TarBuilder dirWithPax(String name, Map<String, String> pax) {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
        e.setMode(040755);
        pax.forEach(e::addPaxHeader);
        return put(e, null);
    }

    /** A symbolic link with PAX headers. */
    TarBuilder symlinkWithPax(String name, String target, Map<String, String> pax) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        e.setMode(0120777);
        pax.forEach(e::addPaxHeader);
        return put(e, null);
    }

    /** A file whose real name is given only in a PAX header (the ustar name is harmless). */
    TarBuilder paxFile(String ustarName, String paxPath, String content) {
        TarArchiveEntry e = new TarArchiveEntry(ustarName);
        e.setMode(0100644);
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        e.setSize(data.length);
        e.addPaxHeader("path", paxPath);
        return put(e, data);
    }

    TarBuilder withPax(String name, String content, Map<String, String> pax) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(0100644);
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        e.setSize(data.length);
        pax.forEach(e::addPaxHeader);
        return put(e, data);
    }

    private TarBuilder put(TarArchiveEntry e, byte[] data) {
        try {
            e.setModTime(MTIME);
            out.putArchiveEntry(e);
            if (data != null) {
                out.write(data);
            }
            out.closeArchiveEntry();
            return this;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    byte[] build() {
        try {
            out.finish();
            out.close();
            return bytes.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
