package dev.peapod.api;

import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.sys.Libc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Where the service listens: a unix socket ({@code unix:///path}, mode 0660, owner root), TCP on a loopback
 * address only ({@code tcp://127.0.0.1:PORT}: the API gives root on the host, so it is never opened to a
 * network), or the socket systemd passed (socket activation, {@code LISTEN_PID}/{@code LISTEN_FDS}).
 */
public final class Listeners {
    /** The first file descriptor systemd passes. */
    private static final int SD_LISTEN_FDS_START = 3;

    private Listeners() {
    }

    /** A listener and the socket file to remove when done (null for TCP and activated sockets). */
    public record Listener(ServerSocketChannel channel, Path socketFile, String address) {
    }

    /**
     * Opens the listener {@code uri} names.
     *
     * @throws InvalidArgumentException for a malformed URI, an unknown scheme, a TCP address off loopback, or a
     *                                  unix socket some other server is listening on
     */
    public static Listener open(String uri) {
        URI u;
        try {
            u = new URI(uri);
        } catch (URISyntaxException e) {
            throw new InvalidArgumentException("invalid service address \"" + uri + "\": " + e.getReason());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme();
        try {
            return switch (scheme) {
                case "unix" -> unix(Path.of(u.getPath() == null || u.getPath().isEmpty()
                        ? u.getSchemeSpecificPart() : u.getPath()));
                case "tcp" -> tcp(uri, u);
                default -> throw new InvalidArgumentException("invalid service address \"" + uri
                        + "\": use unix:///path/to/socket or tcp://127.0.0.1:PORT");
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + uri + ": " + e.getMessage(), e);
        }
    }

    private static Listener unix(Path socket) throws IOException {
        if (!socket.isAbsolute()) {
            throw new InvalidArgumentException("unix socket path " + socket + " must be absolute");
        }
        Files.createDirectories(socket.getParent());
        if (Files.exists(socket)) {
            try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                throw new InvalidArgumentException("another service is listening on " + socket
                        + ": stop it or choose another address");
            } catch (IOException stale) {
                Files.delete(socket);
            }
        }
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(socket), 128);
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        return new Listener(ch, socket, "unix://" + socket);
    }

    private static Listener tcp(String uri, URI u) throws IOException {
        if (u.getHost() == null || u.getPort() < 0) {
            throw new InvalidArgumentException("invalid service address \"" + uri + "\": use tcp://127.0.0.1:PORT");
        }
        InetAddress addr = InetAddress.getByName(u.getHost());
        if (!addr.isLoopbackAddress()) {
            throw new InvalidArgumentException("refusing to serve the API on " + u.getHost()
                    + ": it gives root on this host; only loopback addresses (127.0.0.1, ::1) are allowed");
        }
        ServerSocketChannel ch = ServerSocketChannel.open();
        ch.bind(new InetSocketAddress(addr, u.getPort()), 128);
        InetSocketAddress bound = (InetSocketAddress) ch.getLocalAddress();
        return new Listener(ch, null, "tcp://" + u.getHost() + ":" + bound.getPort());
    }

    /**
     * The socket systemd passed to this process, if {@code env} says there is one ({@code LISTEN_PID} is this
     * process and {@code LISTEN_FDS} at least 1): fd 3 is moved to fd 0, where the JDK takes it up.
     *
     * @throws InvalidArgumentException if the passed descriptor is not a listening stream socket
     */
    public static java.util.Optional<Listener> activated(Map<String, String> env) {
        String pid = env.get("LISTEN_PID");
        String fds = env.get("LISTEN_FDS");
        if (pid == null || fds == null || !pid.strip().equals(Long.toString(ProcessHandle.current().pid()))) {
            return java.util.Optional.empty();
        }
        int n;
        try {
            n = Integer.parseInt(fds.strip());
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("LISTEN_FDS=\"" + fds + "\" is not a number");
        }
        if (n < 1) {
            return java.util.Optional.empty();
        }
        Libc.dup2(SD_LISTEN_FDS_START, 0);
        Libc.close(SD_LISTEN_FDS_START);
        try {
            Channel ch = System.inheritedChannel();
            if (ch instanceof ServerSocketChannel ssc) {
                return java.util.Optional.of(new Listener(ssc, null, "systemd socket " + ssc.getLocalAddress()));
            }
            throw new InvalidArgumentException("the socket systemd passed (fd 3) is not a listening stream socket: "
                    + ch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the socket systemd passed: " + e.getMessage(), e);
        }
    }
}
