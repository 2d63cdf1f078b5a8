package dev.peapod.cli.image;

import dev.peapod.core.image.registry.TransferListener;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders a pull's or push's progress on stderr, as podman does. On a terminal: one line per blob, redrawn in place
 * with bytes done, total and speed. Otherwise: plain lines ({@code Copying blob sha256:... done}). Quiet: nothing.
 */
public final class Progress implements TransferListener {
    private static final long REDRAW_NANOS = 100_000_000L;
    private final PrintWriter err;
    private final boolean terminal;
    private final boolean quiet;
    private final Map<String, Blob> blobs = new LinkedHashMap<>();
    private int drawnLines;
    private long lastDraw;
    private boolean signatures;

    private static final class Blob {
        final long size;
        final long started = System.nanoTime();
        long done;
        String status = "";

        Blob(long size) {
            this.size = size;
        }
    }

    public Progress(PrintWriter err, boolean terminal, boolean quiet) {
        this.err = err;
        this.terminal = terminal;
        this.quiet = quiet;
    }

    /** A progress display on the request's stderr, redrawn in place when stderr is a terminal. */
    public static Progress of(dev.peapod.cli.Request request, boolean quiet) {
        return new Progress(request.err(), request.terminal().isStderrTerminal(), quiet);
    }

    @Override
    public synchronized void trying(String reference) {
        print("Trying to pull " + reference + "...");
    }

    private void header() {
        if (!signatures) {
            signatures = true;
            print("Getting image source signatures");
        }
    }

    @Override
    public synchronized void blobStarted(String digest, long size) {
        header();
        blobs.put(digest, new Blob(size));
        redraw(true);
    }

    @Override
    public synchronized void blobProgress(String digest, long done, long size) {
        Blob b = blobs.get(digest);
        if (b != null) {
            b.done = done;
            redraw(false);
        }
    }

    @Override
    public synchronized void blobSkipped(String digest) {
        header();
        Blob b = new Blob(0);
        b.status = "skipped: already exists";
        blobs.put(digest, b);
        if (terminal) {
            redraw(true);
        } else {
            print("Copying blob " + shortDigest(digest) + " skipped: already exists");
        }
    }

    @Override
    public synchronized void blobDone(String digest) {
        Blob b = blobs.get(digest);
        if (b != null) {
            b.done = b.size;
            b.status = "done";
        }
        if (terminal) {
            redraw(true);
        } else {
            print("Copying blob " + shortDigest(digest) + " done");
        }
    }

    @Override
    public synchronized void blobRetrying(String digest, int attempt, String reason) {
        Blob b = blobs.get(digest);
        if (b != null) {
            b.status = "retrying (" + attempt + "): " + reason;
        }
        if (terminal) {
            redraw(true);
        } else {
            print("Copying blob " + shortDigest(digest) + " retrying (" + attempt + "): " + reason);
        }
    }

    @Override
    public synchronized void configDone(String digest) {
        header();
        drawnLines = 0;
        print("Copying config " + shortDigest(digest) + " done");
    }

    @Override
    public synchronized void writingManifest() {
        print("Writing manifest to image destination");
    }

    private void print(String line) {
        if (quiet) {
            return;
        }
        err.println(line);
        err.flush();
    }

    private void redraw(boolean force) {
        if (quiet || !terminal) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        StringBuilder sb = new StringBuilder();
        if (drawnLines > 0) {
            sb.append("\033[").append(drawnLines).append('F');
        }
        for (var e : blobs.entrySet()) {
            Blob b = e.getValue();
            sb.append("\033[2KCopying blob ").append(shortDigest(e.getKey())).append(' ');
            if (!b.status.isEmpty()) {
                sb.append(b.status);
            } else {
                double secs = Math.max(1e-3, (now - b.started) / 1e9);
                sb.append(bar(b.done, b.size)).append(' ').append(human(b.done)).append(" / ").append(human(b.size))
                        .append(" | ").append(human((long) (b.done / secs))).append("/s");
            }
            sb.append('\n');
        }
        drawnLines = blobs.size();
        err.print(sb);
        err.flush();
    }

    private static String bar(long done, long size) {
        int width = 20;
        int filled = size <= 0 ? width : (int) Math.min(width, done * width / size);
        return "[" + "=".repeat(filled) + (filled < width ? ">" + "-".repeat(width - filled - 1) : "") + "]";
    }

    static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** {@code sha256:} and the first 12 hex digits, as podman shows blobs. */
    static String shortDigest(String digest) {
        return digest.length() > 19 ? digest.substring(0, 19) : digest;
    }
}
