package dev.peapod.cli.remote;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.cli.BuildInfo;
import dev.peapod.cli.container.ContainerReport;
import dev.peapod.cli.container.ContainerRow;
import dev.peapod.cli.format.Json;
import dev.peapod.cli.format.Output;
import dev.peapod.cli.image.ImageReport;
import dev.peapod.cli.image.ImageRow;
import dev.peapod.cli.pod.PodPsReport;
import dev.peapod.cli.pod.PodPsRow;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * The commands {@code peapod --remote} runs through a service's libpod API instead of a local store: version, info,
 * ps, pod ps, pod create, create, run -d, start, stop, rm, pod rm, logs, images, pull and inspect. Each reads the
 * options picocli parsed for the local command (same names, same defaults), makes the one request podman's remote
 * client makes, and prints what the local command prints, through the same report records and {@code format/}
 * rows where the API's JSON is podman's list shape. Any other command is refused with exit 125.
 */
public final class RemoteCommands implements dev.peapod.cli.RemoteRunner {
    /** What {@code --remote} covers, by command path. */
    public static final Set<String> SUPPORTED = Set.of("version", "info", "ps", "pod ps", "pod create", "create",
            "run", "start", "stop", "rm", "pod rm", "logs", "images", "pull", "inspect");

    final RemoteClient client;
    private final ParseResult pr;
    final PrintWriter out;
    private final PrintWriter err;

    /** The runner {@link dev.peapod.cli.RemoteRunner#load} makes. */
    public RemoteCommands() {
        this(null, null, null, null);
    }

    private RemoteCommands(RemoteClient client, ParseResult pr, PrintWriter out, PrintWriter err) {
        this.client = client;
        this.pr = pr;
        this.out = out;
        this.err = err;
    }

    @Override
    public int run(String leaf, ParseResult parsed, String url, PrintWriter stdout, PrintWriter stderr) {
        return run(leaf, parsed, RemoteClient.of(url), stdout, stderr);
    }

    /**
     * Runs the parsed leaf command {@code leaf} (its path, e.g. {@code pod ps}) through {@code client}.
     *
     * @return the exit code
     * @throws InvalidArgumentException (exit 125) for a command that has no remote form
     */
    public static int run(String leaf, ParseResult pr, RemoteClient client, PrintWriter out, PrintWriter err) {
        if (!SUPPORTED.contains(leaf)) {
            throw new InvalidArgumentException("\"" + leaf + "\" is not supported with --remote: peapod's remote "
                    + "client runs " + String.join(", ", new java.util.TreeSet<>(SUPPORTED)));
        }
        RemoteCommands c = new RemoteCommands(client, pr, out, err);
        int code = switch (leaf) {
            case "version" -> c.version();
            case "info" -> c.info();
            case "ps" -> RemoteListings.ps(c);
            case "pod ps" -> RemoteListings.podPs(c);
            case "pod create" -> c.podCreate();
            case "create", "run" -> c.create(leaf.equals("run"));
            case "start" -> c.each("start", "/containers/%s/start", false);
            case "stop" -> c.each("stop", "/containers/%s/stop", false);
            case "rm" -> c.each("rm", "/containers/%s", true);
            case "pod rm" -> c.podRm();
            case "logs" -> c.logs();
            case "images" -> RemoteListings.images(c);
            case "pull" -> c.pull();
            case "inspect" -> c.inspect();
            default -> throw new IllegalStateException(leaf);
        };
        out.flush();
        err.flush();
        return code;
    }

    // ------------------------------------------------------------------ parsed options

    <T> T opt(String name, T dflt) {
        return pr.hasMatchedOption(name) ? pr.matchedOptionValue(name, dflt) : dflt;
    }

    boolean flag(String name) {
        Boolean b = opt(name, Boolean.FALSE);
        return b != null && b;
    }

    @SuppressWarnings("unchecked")
    List<String> list(String name) {
        Object v = opt(name, null);
        if (v == null) {
            return List.of();
        }
        return v instanceof List<?> l ? (List<String>) l : List.of(v.toString());
    }

    /** The positional arguments as typed, in order. */
    private List<String> positionals() {
        List<String> args = new ArrayList<>();
        Set<PositionalParamSpec> seen = new LinkedHashSet<>();
        for (PositionalParamSpec p : pr.matchedPositionals()) {
            if (seen.add(p)) {
                args.addAll(p.stringValues());
            }
        }
        return args;
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String filtersQuery(List<String> filters) {
        if (filters.isEmpty()) {
            return "";
        }
        ObjectNode f = Json.mapper().createObjectNode();
        for (String kv : filters) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new InvalidArgumentException("invalid filter \"" + kv + "\": filters must be KEY=VALUE");
            }
            f.withArray(kv.substring(0, eq)).add(kv.substring(eq + 1));
        }
        return "&filters=" + q(f.toString());
    }

    // ------------------------------------------------------------------ commands

    private int version() {
        JsonNode v = client.json("GET", "/version", null);
        Map<String, Object> doc = new dev.peapod.core.inspect.Doc.Struct();
        doc.put("Client", Map.of("APIVersion", "4.3.1", "Version", BuildInfo.version(), "OsArch", "linux/amd64"));
        doc.put("Server", Map.of("APIVersion", v.path("ApiVersion").asText(), "Version", v.path("Version").asText(),
                "OsArch", v.path("OsArch").asText()));
        String format = opt("--format", (String) null);
        out.print(Output.single(format, doc, d -> "Client:       Peapod Engine\nVersion:      " + BuildInfo.version()
                + "\nAPI Version:  4.3.1\nOS/Arch:      linux/amd64\n\nServer:       Podman Engine\nVersion:      "
                + v.path("Version").asText() + "\nAPI Version:  " + v.path("ApiVersion").asText()
                + "\nOS/Arch:      " + v.path("OsArch").asText() + "\n"));
        return 0;
    }

    private int info() {
        JsonNode info = client.json("GET", "/info", null);
        String format = opt("--format", (String) null);
        Object doc = Json.mapper().convertValue(info, Map.class);
        out.print(Output.single(format, doc, d -> Json.pretty(d, Json.LIST_INDENT) + "\n"));
        return 0;
    }

    private int podCreate() {
        ObjectNode spec = Json.mapper().createObjectNode();
        String name = opt("--name", (String) null);
        if (name != null) {
            spec.put("name", name);
        }
        spec.set("labels", labels(list("--label")));
        String network = opt("--network", (String) null);
        if (network != null) {
            spec.set("netns", Json.mapper().createObjectNode().put("nsmode",
                    network.equals("none") || network.equals("host") ? network : "bridge"));
            if (!network.equals("none") && !network.equals("host") && !network.equals("bridge")) {
                spec.set("Networks", Json.mapper().createObjectNode().set(network, Json.mapper().createObjectNode()));
            }
        }
        String cg = opt("--cgroup-parent", (String) null);
        if (cg != null) {
            spec.put("cgroup_parent", cg);
        }
        JsonNode r = client.json("POST", "/pods/create", spec);
        out.println(r.path("Id").asText());
        return 0;
    }

    private static ObjectNode labels(List<String> kvs) {
        ObjectNode o = Json.mapper().createObjectNode();
        for (String kv : kvs) {
            int eq = kv.indexOf('=');
            o.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
        }
        return o;
    }

    private int create(boolean run) {
        if (run && !flag("--detach")) {
            throw new InvalidArgumentException("peapod's remote client runs containers detached only: use run -d");
        }
        List<String> args = positionals();
        if (args.isEmpty()) {
            throw new InvalidArgumentException("an image name must be given");
        }
        ObjectNode spec = Json.mapper().createObjectNode();
        spec.put("image", args.getFirst());
        if (args.size() > 1) {
            spec.set("command", Json.mapper().valueToTree(args.subList(1, args.size())));
        }
        String name = opt("--name", (String) null);
        if (name != null) {
            spec.put("name", name);
        }
        String pod = opt("--pod", (String) null);
        if (pod != null) {
            spec.put("pod", pod);
        }
        ObjectNode env = Json.mapper().createObjectNode();
        for (String e : list("--env")) {
            int eq = e.indexOf('=');
            env.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
        }
        spec.set("env", env);
        spec.set("labels", labels(list("--label")));
        spec.put("remove", flag("--rm"));
        spec.put("terminal", flag("--tty"));
        spec.put("stdin", flag("--interactive"));
        String cg = opt("--cgroup-parent", (String) null);
        if (cg != null) {
            spec.put("cgroup_parent", cg);
        }
        JsonNode created;
        try {
            created = client.json("POST", "/containers/create", spec);
        } catch (dev.peapod.core.define.NoSuchImageException missing) {
            pullQuietly(args.getFirst());
            created = client.json("POST", "/containers/create", spec);
        }
        String id = created.path("Id").asText();
        if (run) {
            client.call("POST", "/containers/" + q(id) + "/start", null).close();
        }
        out.println(id);
        return 0;
    }

    private void pullQuietly(String ref) {
        try (RemoteClient.Response r = client.call("POST", "/images/pull?reference=" + q(ref), null)) {
            r.body().transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** start, stop, rm: each name in turn, its name printed, errors reported and the worst exit code kept. */
    private int each(String what, String path, boolean removal) {
        List<String> names = positionals();
        if (names.isEmpty()) {
            throw new InvalidArgumentException("you must provide at least one container name or id");
        }
        int code = 0;
        for (String n : names) {
            try {
                if (removal) {
                    String query = "?force=" + flag("--force") + (pr.hasMatchedOption("--time") ? "&timeout="
                            + opt("--time", 10) : "");
                    client.call("DELETE", String.format(path, q(n)) + query, null).close();
                } else {
                    String query = what.equals("stop") && pr.hasMatchedOption("--time") ? "?timeout="
                            + opt("--time", 10) : "";
                    client.call("POST", String.format(path, q(n)) + query, null).close();
                }
                out.println(n);
            } catch (RuntimeException e) {
                if (removal && flag("--ignore") && e instanceof dev.peapod.core.define.NoSuchObjectException) {
                    continue;
                }
                err.println("Error: " + e.getMessage());
                int c = removal ? dev.peapod.cli.ExitCodes.ofRemoval(e) : dev.peapod.core.define.ErrorKind.of(e)
                        .exitCode();
                code = dev.peapod.cli.ExitCodes.combine(code, c);
            }
        }
        return code;
    }

    private int podRm() {
        int code = 0;
        for (String n : positionals()) {
            try {
                JsonNode r = client.json("DELETE", "/pods/" + q(n) + "?force=" + flag("--force"), null);
                out.println(r.path("Id").asText(n));
            } catch (RuntimeException e) {
                if (flag("--ignore") && e instanceof dev.peapod.core.define.NoSuchObjectException) {
                    continue;
                }
                err.println("Error: " + e.getMessage());
                code = dev.peapod.cli.ExitCodes.combine(code, dev.peapod.cli.ExitCodes.ofRemoval(e));
            }
        }
        return code;
    }

    /** Logs: the multiplexed stream split back into stdout and stderr. */
    private int logs() {
        List<String> names = positionals();
        if (names.size() != 1) {
            throw new InvalidArgumentException("peapod's remote logs takes one container");
        }
        String query = "?stdout=true&stderr=true&follow=" + flag("--follow") + "&timestamps=" + flag("--timestamps")
                + (pr.hasMatchedOption("--tail") ? "&tail=" + opt("--tail", -1) : "");
        try (RemoteClient.Response r = client.call("GET", "/containers/" + q(names.getFirst()) + "/logs" + query,
                null)) {
            demux(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("reading the logs: " + e.getMessage(), e);
        }
        return 0;
    }

    private void demux(InputStream in) throws IOException {
        byte[] head = new byte[8];
        while (in.readNBytes(head, 0, 8) == 8) {
            int size = ((head[4] & 0xff) << 24) | ((head[5] & 0xff) << 16) | ((head[6] & 0xff) << 8) | (head[7] & 0xff);
            String text = new String(in.readNBytes(size), StandardCharsets.UTF_8);
            PrintWriter to = head[0] == 2 ? err : out;
            to.print(text);
            to.flush();
        }
    }

    /** Pull: progress to stderr as it streams, the image id to stdout. */
    private int pull() {
        List<String> refs = positionals();
        if (refs.size() != 1) {
            throw new InvalidArgumentException("pull takes one image reference");
        }
        boolean quiet = flag("--quiet");
        String id = "";
        try (RemoteClient.Response r = client.call("POST", "/images/pull?reference=" + q(refs.getFirst()), null)) {
            var parser = Json.mapper().getFactory().createParser(r.body());
            for (JsonNode line = Json.mapper().readTree(parser); line != null; line = Json.mapper().readTree(parser)) {
                if (line.hasNonNull("error") && !line.path("error").asText().isEmpty()) {
                    throw new dev.peapod.core.define.RuntimeFailureException(line.path("error").asText(), List.of(),
                            -1, "");
                }
                if (!quiet && line.hasNonNull("stream")) {
                    err.print(line.path("stream").asText());
                    err.flush();
                }
                if (line.hasNonNull("id") && !line.path("id").asText().isEmpty()) {
                    id = line.path("id").asText();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the pull's progress: " + e.getMessage(), e);
        }
        out.println(id);
        return 0;
    }

    /** Inspect of containers (the document core's ContainerInspect makes, as the local command prints it). */
    private int inspect() {
        List<Object> docs = new ArrayList<>();
        RuntimeException missing = null;
        for (String n : positionals()) {
            try {
                JsonNode doc = client.json("GET", "/containers/" + q(n) + "/json", null);
                docs.add(Json.mapper().convertValue(doc, Map.class));
            } catch (dev.peapod.core.define.NoSuchObjectException e) {
                missing = missing == null ? e : missing;
            }
        }
        out.print(Output.inspect(opt("--format", (String) null), docs));
        if (missing != null) {
            throw missing;
        }
        return 0;
    }

}
