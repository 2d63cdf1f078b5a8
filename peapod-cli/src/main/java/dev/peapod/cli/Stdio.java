package dev.peapod.cli;

import dev.peapod.core.sys.Terminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * A command's byte streams, terminal and signals, for the commands that connect a container to the caller (run -i,
 * attach, exec): where the bytes come from and go, which descriptor is the caller's terminal (for raw mode and its
 * window size), and how the caller's signals reach the command. {@link #process} is this JVM's own; an engine process
 * serving a client gives the client's.
 */
public interface Stdio {

    /** What the container's stdin is fed from. */
    InputStream in();

    /** Where the container's stdout (all of its output, with a terminal) goes. */
    OutputStream out();

    /** Where the container's stderr goes. */
    OutputStream err();

    /** The caller's terminal (its stdin) as a descriptor of this process, if stdin is one. */
    OptionalInt terminal();

    /**
     * Calls {@code handler} with a signal's name (INT, TERM, HUP, QUIT, USR1, USR2, WINCH) whenever the caller gets
     * one of {@code names}, until the returned handle is closed. Names this source cannot watch are skipped.
     */
    AutoCloseable onSignals(List<String> names, Consumer<String> handler);

    /**
     * This process's stdin, the given writers (so that output interleaves with the command's other output, as the
     * in-process tests read it), fd 0 as terminal when it is one, and signals through {@code sun.misc.Signal} (the
     * JVM reserves QUIT and USR2, which are then not forwarded).
     */
    static Stdio process(PrintWriter out, PrintWriter err) {
        OutputStream o = new WriterStream(out);
        OutputStream e = new WriterStream(err);
        return new Stdio() {
            @Override
            public InputStream in() {
                return System.in;
            }

            @Override
            public OutputStream out() {
                return o;
            }

            @Override
            public OutputStream err() {
                return e;
            }

            @Override
            public OptionalInt terminal() {
                return Terminal.isTerminal(0) ? OptionalInt.of(0) : OptionalInt.empty();
            }

            @Override
            @SuppressWarnings("removal")
            public AutoCloseable onSignals(List<String> names, Consumer<String> handler) {
                List<Runnable> restore = new ArrayList<>();
                for (String name : names) {
                    try {
                        sun.misc.Signal sig = new sun.misc.Signal(name);
                        sun.misc.SignalHandler old = sun.misc.Signal.handle(sig, s -> handler.accept(name));
                        restore.add(() -> sun.misc.Signal.handle(sig, old));
                    } catch (IllegalArgumentException reserved) {
                        // the JVM uses it (QUIT for thread dumps, USR2 to suspend threads)
                    }
                }
                return () -> restore.reversed().forEach(Runnable::run);
            }
        };
    }

    /** Bytes into a writer, decoded as UTF-8 across chunk boundaries; flushes the writer on flush. */
    final class WriterStream extends OutputStream {
        private final PrintWriter writer;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        private ByteBuffer pending = ByteBuffer.allocate(0);

        public WriterStream(PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer in = ByteBuffer.allocate(pending.remaining() + len);
            in.put(pending).put(b, off, len).flip();
            CharBuffer chars = CharBuffer.allocate(in.remaining() + 1);
            decoder.decode(in, chars, false);
            chars.flip();
            writer.append(chars);
            pending = ByteBuffer.allocate(in.remaining()).put(in).flip();
        }

        @Override
        public synchronized void flush() {
            writer.flush();
        }
    }
}
