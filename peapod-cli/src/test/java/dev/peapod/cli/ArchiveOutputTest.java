package dev.peapod.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader of {@code save}/{@code export}/{@code volume export}'s standard output that goes away ({@code | head -c1})
 * ends the command as SIGPIPE ends podman's {@code export}: exit 141, nothing printed (no Java exception name).
 */
class ArchiveOutputTest {
    @TempDir
    Path tmp;

    /** A pipe whose reader has gone after the first write. */
    private static OutputStream closedPipe() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
    }

    @Test
    void aClosedStdoutExits141Silently() {
        Request r = Request.builder(tmp).stdout(closedPipe()).build();
        Throwable t = null;
        try {
            ArchiveOutput.write(r, null, "export", o -> {
                try {
                    o.write(new byte[8192]);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot export volume v: " + e.getMessage(), e);
                }
            });
        } catch (RuntimeException e) {
            t = e;
        }
        assertThat(t).isInstanceOf(ExitCodes.ClosedOutput.class);
        StringWriter err = new StringWriter();
        assertThat(ExitCodes.report(t, new PrintWriter(err), false)).isEqualTo(141);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void otherFailuresStayErrors() {
        Request r = Request.builder(tmp).stdout(OutputStream.nullOutputStream()).build();
        assertThatThrownBy(() -> ArchiveOutput.write(r, null, "export", o -> {
            throw new UncheckedIOException("cannot read the volume", new IOException("Input/output error"));
        })).isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot read the volume");
    }
}
