package dev.peapod.cli.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.peapod.cli.Main;
import dev.peapod.core.testing.TestDirs;
import dev.peapod.core.testing.TestProcesses;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * systemd socket activation as {@code contrib/systemd/peapod.socket} does it, through systemd's own
 * {@code systemd-socket-activate} (it listens, passes the socket as fd 3 with LISTEN_FDS/LISTEN_PID and starts the
 * service on the first connection); and {@code --time}: the service ends by itself once idle that long.
 */
class SocketActivationIT {
    private static final Path ACTIVATE = Path.of("/usr/bin/systemd-socket-activate");

    @TempDir
    Path tmp;

    @Test
    void servesThePassedSocketAndExitsWhenIdle() throws Exception {
        assumeTrue(Files.isExecutable(ACTIVATE), "systemd-socket-activate is not installed");
        Path sock = tmp.resolve("activated.sock");
        List<String> cmd = new ArrayList<>(List.of(ACTIVATE.toString(), "-l", sock.toString()));
        cmd.addAll(TestProcesses.javaCommand(Main.class, "--root", tmp.resolve("root").toString(), "--runroot",
                tmp.resolve("run").toString(), "system", "service", "--time", "2"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile())
                .start();
        try {
            long deadline = System.currentTimeMillis() + 30_000;
            while (!Files.exists(sock) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            String answer;
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(sock));
                ch.write(ByteBuffer.wrap("GET /_ping HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII)));
                StringBuilder sb = new StringBuilder();
                ByteBuffer b = ByteBuffer.allocate(4096);
                while (ch.read(b.clear()) > 0) {
                    sb.append(new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII));
                }
                answer = sb.toString();
            }
            assertThat(answer).as(Files.readString(tmp.resolve("log"))).startsWith("HTTP/1.1 200").endsWith("OK");
            assertThat(Files.readString(tmp.resolve("log"))).contains("systemd socket");
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("--time 2 ended the idle service").isTrue();
        } finally {
            TestProcesses.kill(p);
            TestDirs.deleteTree(tmp.resolve("root"));
        }
    }
}
