package dev.peapod.cli.server;

import dev.peapod.cli.DescriptorTerminal;
import dev.peapod.core.sys.Libc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The terminal of a client's request: whether the descriptors the client passed are terminals, the window size
 * the client reported (and each change it forwards on SIGWINCH), and line input on the client's terminal.
 */
final class ClientTerminal extends DescriptorTerminal {
    private final ClientContext context;

    ClientTerminal(ClientContext context) {
        this.context = context;
    }

    @Override
    protected int descriptor(int stream) {
        return context.fd(stream);
    }

    @Override
    public Optional<Size> size() {
        int[] s = context.terminalSize();
        return s[0] > 0 && s[1] > 0 ? Optional.of(new Size(s[0], s[1])) : Optional.empty();
    }

    @Override
    public AutoCloseable onResize(Consumer<Size> listener) {
        return context.onResize(() -> size().ifPresent(listener));
    }

    /**
     * Prompts on the client's terminal and reads a line from it; without echo, the terminal's echo is turned off
     * by {@code stty} on that terminal for the read and restored afterwards.
     */
    @Override
    public Optional<String> readLine(String prompt, boolean echo) {
        if (!isStdinTerminal()) {
            throw new UnsupportedOperationException("standard input is not a terminal");
        }
        try {
            context.err().write(prompt.getBytes(StandardCharsets.UTF_8));
            context.err().flush();
            if (!echo) {
                stty("-echo");
            }
            try {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                int b;
                while ((b = context.in().read()) >= 0 && b != '\n') {
                    line.write(b);
                }
                if (b < 0 && line.size() == 0) {
                    return Optional.empty();
                }
                return Optional.of(line.toString(StandardCharsets.UTF_8).replaceAll("\r$", ""));
            } finally {
                if (!echo) {
                    stty("echo");
                    context.err().write('\n');
                    context.err().flush();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading from the terminal: " + e.getMessage(), e);
        }
    }

    private void stty(String setting) {
        String stty = Files.isExecutable(Path.of("/bin/stty")) ? "/bin/stty" : "/usr/bin/stty";
        long pid = Libc.spawn(List.of(stty, setting), Map.of("PATH", "/usr/bin:/bin"), Map.of(0, context.fd(0)),
                null);
        Libc.waitpid(pid);
    }
}
