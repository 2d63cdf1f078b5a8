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
 * exit code) in a running container, of several engines side by side, alternating (see {@link #main}); prints one
 * markdown table row per measurement and engine, and the machine's load. No dependencies: a single-file program.
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

    /** One engine under test: its name, its connection, its running exec target. */
    private record Engine(String name, ApiBench client, String sleeper) {
    }

    private static final List<String> LISTINGS = List.of("/v4.3.1/libpod/pods/json", "/v1.41/containers/json");

    /**
     * {@code java bench/api/ApiBench.java N LIFECYCLES ROUNDS CGROUP_PARENT ENGINE=SOCKET...}: the engines are
     * measured in turn, round after round (the order reversed every other round), so a change in the machine's load
     * falls on all of them alike; the 1-minute load average is sampled before each round and reported.
     */
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int lifecycles = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        String cgroupParent = args[3];
        String create = "{\"Image\":\"busybox\",\"Cmd\":[\"true\"]"
                + (cgroupParent.isEmpty() ? "" : ",\"HostConfig\":{\"CgroupParent\":\"" + cgroupParent + "\"}") + "}";
        List<Engine> engines = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            ApiBench b = new ApiBench(Path.of(kv[1]));
            for (String path : LISTINGS) {
                for (int k = 0; k < Math.max(50, n / 10); k++) {
                    b.call("GET", path, null); // JIT warm-up, and the connection's first costs
                }
            }
            String[] c = b.call("POST", "/v1.41/containers/create", create.replace("[\"true\"]", "[\"sleep\",\"3600\"]"));
            String id = c[1].replaceAll("(?s).*\"Id\":\"([0-9a-f]+)\".*", "$1");
            b.call("POST", "/v1.41/containers/" + id + "/start", "");
            lifecycle(b, create); // the first container of a store pays for one-time set-up
            engines.add(new Engine(kv[0], b, id));
        }
        java.util.Map<String, java.util.Map<String, List<Long>>> samples = new java.util.LinkedHashMap<>();
        List<Double> loads = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            loads.add(Double.parseDouble(java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
            List<Engine> order = new ArrayList<>(engines);
            if (r % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (Engine e : order) {
                for (String path : LISTINGS) {
                    for (int i = 0; i < n / rounds; i++) {
                        long t0 = System.nanoTime();
                        String[] res = e.client().call("GET", path, null);
                        add(samples, "GET " + path.replaceFirst("/v[0-9.]+", ""), e.name(), System.nanoTime() - t0);
                        if (!res[0].equals("200")) {
                            throw new IllegalStateException(path + " answered " + res[0] + ": " + res[1]);
                        }
                    }
                }
                for (int i = 0; i < Math.max(1, lifecycles / rounds); i++) {
                    add(samples, "create+start+wait+remove", e.name(), lifecycle(e.client(), create));
                    add(samples, "exec create+start(attached)+inspect", e.name(), exec(e.client(), e.sleeper()));
                }
            }
        }
        for (Engine e : engines) {
            e.client().call("DELETE", "/v1.41/containers/" + e.sleeper() + "?force=1&t=0", null);
        }
        samples.forEach((what, byEngine) -> byEngine.forEach((engine, t) ->
                System.out.println(row(what, engine, t.stream().mapToLong(Long::longValue).toArray()))));
        System.out.printf("%nLoad average (1 min) before each of the %d rounds: min %.2f, max %.2f, mean %.2f.%n",
                rounds, loads.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                loads.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                loads.stream().mapToDouble(Double::doubleValue).average().orElse(0));
    }

    private static void add(java.util.Map<String, java.util.Map<String, List<Long>>> samples, String what,
                            String engine, long nanos) {
        samples.computeIfAbsent(what, k -> new java.util.LinkedHashMap<>())
                .computeIfAbsent(engine, k -> new ArrayList<>()).add(nanos);
    }

    private static long lifecycle(ApiBench b, String create) throws IOException {
        long t0 = System.nanoTime();
        String[] c = b.call("POST", "/v1.41/containers/create", create);
        if (!c[0].equals("201")) {
            throw new IllegalStateException("create answered " + c[0] + ": " + c[1]);
        }
        String id = c[1].replaceAll("(?s).*\"Id\":\"([0-9a-f]+)\".*", "$1");
        b.call("POST", "/v1.41/containers/" + id + "/start", "");
        b.call("POST", "/v1.41/containers/" + id + "/wait", "");
        b.call("DELETE", "/v1.41/containers/" + id + "?force=1", null);
        return System.nanoTime() - t0;
    }

    private static long exec(ApiBench b, String id) throws IOException {
        long t0 = System.nanoTime();
        String[] x = b.call("POST", "/v1.41/containers/" + id + "/exec",
                "{\"Cmd\":[\"true\"],\"AttachStdout\":true,\"AttachStderr\":true}");
        String exec = x[1].replaceAll("(?s).*\"Id\":\"([0-9a-f]+)\".*", "$1");
        int st = b.hijack("/v1.41/exec/" + exec + "/start", "{\"Detach\":false,\"Tty\":false}");
        String[] j = b.call("GET", "/v1.41/exec/" + exec + "/json", null);
        if (st != 101 || !j[1].contains("\"ExitCode\":0")) {
            throw new IllegalStateException("exec answered " + st + ", then " + j[1]);
        }
        return System.nanoTime() - t0;
    }
}
