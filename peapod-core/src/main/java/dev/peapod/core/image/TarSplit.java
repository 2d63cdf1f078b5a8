package dev.peapod.core.image;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * What a layer's tar held besides its files' contents (headers, padding, the end), kept beside the extracted layer as
 * {@code overlay/DIFFHEX/tar-split.gz} so that {@code save} can write the very tar the layer came from and the image
 * keeps its id (podman's containers/storage keeps a tar-split for the same reason). The file is a gzip of records:
 * {@code 'R' length bytes} (raw tar bytes) or {@code 'F' pathLength path size} (that many bytes of the extracted file at
 * {@code path}). A rebuilt tar is only used when its digest is the layer's diffID (see {@link LayerStore}).
 */
final class TarSplit {
    static final String FILE = "tar-split.gz";

    private TarSplit() {
    }

    /** A stream that copies every byte read from {@code in} to {@code copy}. */
    static InputStream tee(InputStream in, OutputStream copy) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    copy.write(b);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    copy.write(b, off, n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                byte[] buf = new byte[(int) Math.min(n, 8192)];
                int r = read(buf, 0, buf.length);
                return Math.max(r, 0);
            }
        };
    }

    /** Records the split of the uncompressed tar {@code rawTar} into {@code split}. */
    static void record(Path rawTar, Path split) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(rawTar), 1 << 16);
                CountingInputStream counted = new CountingInputStream(
                        new BufferedInputStream(Files.newInputStream(rawTar), 1 << 16));
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                        new GZIPOutputStream(Files.newOutputStream(split)), 1 << 16))) {
            TarArchiveInputStream tar = new TarArchiveInputStream(counted, StandardCharsets.UTF_8.name());
            long done = 0;
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (!e.isFile() || e.isLink() || e.getSize() <= 0 || e.isSparse()) {
                    continue;
                }
                long start = counted.count();
                raw(raw, out, start - done);
                byte[] path = e.getName().getBytes(StandardCharsets.UTF_8);
                out.writeByte('F');
                out.writeInt(path.length);
                out.write(path);
                out.writeLong(e.getSize());
                raw.skipNBytes(e.getSize());
                done = start + e.getSize();
            }
            counted.transferTo(OutputStream.nullOutputStream());
            raw(raw, out, counted.count() - done);
        }
    }

    private static void raw(InputStream raw, DataOutputStream out, long n) throws IOException {
        while (n > 0) {
            int chunk = (int) Math.min(n, 1 << 20);
            out.writeByte('R');
            out.writeInt(chunk);
            byte[] b = raw.readNBytes(chunk);
            if (b.length != chunk) {
                throw new EOFException("tar ended early");
            }
            out.write(b);
            n -= chunk;
        }
    }

    /**
     * Writes the tar recorded in {@code split}, reading file contents from the extracted layer {@code diff}.
     *
     * @throws IOException if a file is missing or shorter than recorded (the caller then re-tars the directory)
     */
    static void rebuild(Path split, Path diff, OutputStream out) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                new GZIPInputStream(Files.newInputStream(split)), 1 << 16))) {
            int type;
            while ((type = in.read()) >= 0) {
                if (type == 'R') {
                    byte[] b = new byte[in.readInt()];
                    in.readFully(b);
                    out.write(b);
                } else if (type == 'F') {
                    byte[] name = new byte[in.readInt()];
                    in.readFully(name);
                    long size = in.readLong();
                    Path p = diff;
                    for (String c : SafeTarExtractor.clean(new String(name, StandardCharsets.UTF_8))) {
                        p = p.resolve(c);
                    }
                    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.size(p) != size) {
                        throw new IOException("the layer's file " + diff.relativize(p) + " is not as it was");
                    }
                    try (InputStream f = Files.newInputStream(p)) {
                        f.transferTo(out);
                    }
                } else {
                    throw new IOException("tar-split " + split + " is corrupt");
                }
            }
        }
    }
}
