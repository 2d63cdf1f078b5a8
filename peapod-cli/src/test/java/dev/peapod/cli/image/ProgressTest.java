package dev.peapod.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);

    @Test
    void plainLinesLikePodmanWhenNotATerminal() {
        StringWriter w = new StringWriter();
        Progress p = new Progress(new PrintWriter(w), false, false);
        p.trying("r/x:1");
        p.blobStarted(A, 100);
        p.blobProgress(A, 50, 100);
        p.blobSkipped(B);
        p.blobRetrying(A, 1, "connection reset");
        p.blobDone(A);
        p.configDone(B);
        p.writingManifest();
        assertThat(w.toString()).isEqualTo("""
                Trying to pull r/x:1...
                Getting image source signatures
                Copying blob sha256:bbbbbbbbbbbb skipped: already exists
                Copying blob sha256:aaaaaaaaaaaa retrying (1): connection reset
                Copying blob sha256:aaaaaaaaaaaa done
                Copying config sha256:bbbbbbbbbbbb done
                Writing manifest to image destination
                """);
    }

    @Test
    void oneRedrawnLinePerBlobOnATerminal() {
        StringWriter w = new StringWriter();
        Progress p = new Progress(new PrintWriter(w), true, false);
        p.blobStarted(A, 2048);
        p.blobStarted(B, 4096);
        p.blobDone(A);
        String out = w.toString();
        String last = out.substring(out.lastIndexOf("\033[2F"));
        assertThat(last).contains("\033[2KCopying blob sha256:aaaaaaaaaaaa done\n")
                .contains("\033[2KCopying blob sha256:bbbbbbbbbbbb [>-------------------] 0 B / 4.0 KiB | ");
    }

    @Test
    void quietPrintsNothing() {
        StringWriter w = new StringWriter();
        Progress p = new Progress(new PrintWriter(w), true, true);
        p.trying("x");
        p.blobStarted(A, 1);
        p.blobDone(A);
        p.writingManifest();
        assertThat(w.toString()).isEmpty();
    }
}
