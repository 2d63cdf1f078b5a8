import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Latency of REST calls over a unix socket, one keep-alive connection, as a client library would make them:
 * p50/p99 and throughput of GET /libpod/pods/json, GET /containers/json and a container
 * create+start+wait+remove, and an exec (create, start attached over the taken-over connection, inspect for its
 * exit code) in a running container. Run with {@code java bench/api/ApiBench.java SOCKET [N] [LIFECYCLES] [CGROUP_PARENT]};
 * prints one markdown table row per measurement. No dependencies: a single-file program.
 */
public final class ApiBench {
    private static final Pattern LENGTH = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)");

    private final Path socket;
    private SocketChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 20);

    private ApiBench(Path socket) throws IOException {
        this.socket = socket;
        connect();
    }

    /** (Re)connects: a server may close the connection after a streamed answer (wait), as clients then do. */
    private void connect() throws IOException {
        ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        buf.clear().flip();
    }

    /** One request; returns status and body. Reads Content-Length or chunked bodies. */
    private String[] call(String method, String path, String body) throws IOException {
        String req = method + " " + path + " HTTP/1.1\r\nHost: d\r\n"
                + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n") + "\r\n" + (body == null ? "" : body);
        ByteBuffer w = ByteBuffer.wrap(req.getBytes(StandardCharsets.UTF_8));
        while (w.hasRemaining()) {
            ch.write(w);
        }
        String head = readHead();
        int status = Integer.parseInt(head.substring(9, 12));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Matcher m = LENGTH.matcher(head);
        if (m.find()) {
            readN(Integer.parseInt(m.group(1)), out);
        } else if (head.toLowerCase().contains("transfer-encoding: chunked")) {
            while (true) {
                int n = Integer.parseInt(readLine().strip(), 16);
                if (n == 0) {
                    readLine();
                    break;
                }
                readN(n, out);
                readLine();
            }
        }
        if (head.toLowerCase().contains("\r\nconnection: close")) {
            ch.close();
            connect();
        }
        return new String[] {Integer.toString(status), out.toString(StandardCharsets.UTF_8)};
    }

    /**
     * A request whose answer takes the connection over (exec start, attach): reads the head, then everything until the
     * server closes the connection; reconnects. Returns the status.
     */
    private int hijack(String path, String body) throws IOException {
        String req = "POST " + path + " HTTP/1.1\r\nHost: d\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\n\r\n" + body;
        ByteBuffer w = ByteBuffer.wrap(req.getBytes(StandardCharsets.UTF_8));
        while (w.hasRemaining()) {
            ch.write(w);
        }
        int status = Integer.parseInt(readHead().substring(9, 12));
        ch.shutdownOutput(); // no stdin to send, as the docker CLI says once its input is done
        try {
            while (true) {
                next();
            }
        } catch (IOException closed) {
            // the session ended: the server closed the connection
        }
        ch.close();
        connect();
        return status;
    }

    private int next() throws IOException {
        if (!buf.hasRemaining()) {
            buf.clear();
            if (ch.read(buf) < 0) {
                throw new IOException("server closed the connection");
            }
            buf.flip();
        }
        return buf.get() & 0xff;
    }

    private String readHead() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            sb.append((char) next());
        }
        return sb.toString();
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = next()) != '\n') {
            sb.append((char) c);
        }
        return sb.toString();
    }

    private void readN(int n, ByteArrayOutputStream out) throws IOException {
        for (int i = 0; i < n; i++) {
            out.write(next());
        }
    }

    private static String row(String what, String engine, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        double p50 = s[s.length / 2] / 1e6;
        double p99 = s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.99) - 1)] / 1e6;
        double total = Arrays.stream(s).sum() / 1e9;
        return String.format("| %s | %s | %d | %.3f | %.3f | %.0f |", what, engine, s.length, p50, p99,
                s.length / total);
    }

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        String engine = args.length > 4 ? args[4] : socket.toString();
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int lifecycles = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        String cgroupParent = args.length > 3 ? args[3] : "";
        ApiBench b = new ApiBench(socket);
        for (String path : List.of("/v4.3.1/libpod/pods/json", "/v1.41/containers/json")) {
            for (int i = 0; i < n / 10; i++) {
                b.call("GET", path, null);
            }
            long[] t = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                String[] r = b.call("GET", path, null);
                t[i] = System.nanoTime() - t0;
                if (!r[0].equals("200")) {
                    throw new IllegalStateException(path + " answered " + r[0] + ": " + r[1]);
                }
            }
            System.out.println(row("GET " + path.replaceFirst("/v[0-9.]+", ""), engine, t));
        }
        String create = "{\"Image\":\"busybox\",\"Cmd\":[\"true\"]"
                + (cgroupParent.isEmpty() ? "" : ",\"HostConfig\":{\"CgroupParent\":\"" + cgroupParent + "\"}") + "}";
        List<Long> t = new ArrayList<>();
        for (int i = 0; i < lifecycles + 2; i++) {
            long t0 = System.nanoTime();
            String[] c = b.call("POST", "/v1.41/containers/create", create);
            if (!c[0].equals("201")) {
                throw new IllegalStateException("create answered " + c[0] + ": " + c[1]);
            }
            String id = c[1].replaceAll(".*\"Id\":\"([0-9a-f]+)\".*", "$1");
            b.call("POST", "/v1.41/containers/" + id + "/start", "");
            b.call("POST", "/v1.41/containers/" + id + "/wait", "");
            b.call("DELETE", "/v1.41/containers/" + id + "?force=1", null);
            if (i >= 2) {
                t.add(System.nanoTime() - t0);
            }
        }
        System.out.println(row("create+start+wait+remove", engine, t.stream().mapToLong(Long::longValue).toArray()));
        String sleeper = create.replace("[\"true\"]", "[\"sleep\",\"600\"]");
        String[] c = b.call("POST", "/v1.41/containers/create", sleeper);
        String id = c[1].replaceAll("(?s).*\"Id\":\"([0-9a-f]+)\".*", "$1");
        b.call("POST", "/v1.41/containers/" + id + "/start", "");
        List<Long> e = new ArrayList<>();
        for (int i = 0; i < lifecycles + 2; i++) {
            long t0 = System.nanoTime();
            String[] x = b.call("POST", "/v1.41/containers/" + id + "/exec",
                    "{\"Cmd\":[\"true\"],\"AttachStdout\":true,\"AttachStderr\":true}");
            String exec = x[1].replaceAll("(?s).*\"Id\":\"([0-9a-f]+)\".*", "$1");
            int st = b.hijack("/v1.41/exec/" + exec + "/start", "{\"Detach\":false,\"Tty\":false}");
            String[] j = b.call("GET", "/v1.41/exec/" + exec + "/json", null);
            if (st != 101 || !j[1].contains("\"ExitCode\":0")) {
                throw new IllegalStateException("exec answered " + st + ", then " + j[1]);
            }
            if (i >= 2) {
                e.add(System.nanoTime() - t0);
            }
        }
        b.call("DELETE", "/v1.41/containers/" + id + "?force=1&t=0", null);
        System.out.println(row("exec create+start(attached)+inspect", engine,
                e.stream().mapToLong(Long::longValue).toArray()));
    }
}
