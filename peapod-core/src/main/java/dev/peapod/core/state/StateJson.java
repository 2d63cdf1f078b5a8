package dev.peapod.core.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.peapod.core.define.StateCorruptException;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.container.HealthConfig;
import dev.peapod.core.container.HostConfig;
import dev.peapod.core.container.KubeSettings;
import dev.peapod.core.container.SecurityConfig;
import dev.peapod.core.container.ServiceConfig;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.network.PodNetworkConfig;
import dev.peapod.core.network.PortMapping;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodState;
import dev.peapod.core.volume.MountSpec;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of the records kept in the state database: one object per record, keys named as the
 * record components, Instants as ISO-8601 strings with nanoseconds, absent or null values as the
 * records' defaults, unknown keys ignored.
 *
 * <p>Written with Jackson's streaming API rather than databind: a fresh JVM pays about 45 ms to
 * start jackson-core but 400 ms to build an ObjectMapper and introspect the records, and every CLI
 * call is a fresh JVM.
 */
final class StateJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private StateJson() {
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String object(Body body) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to a string", e);
        }
        return out.toString();
    }

    static String write(PodConfig c) {
        return object(g -> {
            g.writeStringField("id", c.id());
            g.writeStringField("name", c.name());
            g.writeStringField("namespace", c.namespace());
            map(g, "labels", c.labels());
            g.writeStringField("cgroupParent", c.cgroupParent());
            g.writeBooleanField("usePodCgroup", c.usePodCgroup());
            instant(g, "created", c.created());
            g.writeBooleanField("infra", c.infra());
            list(g, "sharedNamespaces", c.sharedNamespaces());
            g.writeStringField("hostname", c.hostname());
            g.writeStringField("exitPolicy", c.exitPolicy().name());
            g.writeNumberField("cpus", c.cpus());
            g.writeNumberField("memoryBytes", c.memoryBytes());
            list(g, "createCommand", c.createCommand());
            g.writeStringField("networkMode", c.network().mode().name());
            list(g, "networks", c.network().networks());
            list(g, "ports", c.network().ports().stream().map(PortMapping::toString).toList());
            list(g, "addHosts", c.network().addHosts());
            list(g, "dns", c.network().dns());
        });
    }

    static String write(PodState s) {
        return object(g -> {
            g.writeStringField("cgroupPath", s.cgroupPath());
            g.writeStringField("infraContainerId", s.infraContainerId());
        });
    }

    static String write(ContainerConfig c) {
        return object(g -> {
            g.writeStringField("id", c.id());
            g.writeStringField("name", c.name());
            g.writeStringField("namespace", c.namespace());
            g.writeStringField("podId", c.podId());
            g.writeStringField("image", c.image());
            g.writeStringField("imageId", c.imageId());
            list(g, "entrypoint", c.entrypoint());
            list(g, "command", c.command());
            list(g, "env", c.env());
            g.writeStringField("workingDir", c.workingDir());
            g.writeStringField("user", c.user());
            g.writeStringField("hostname", c.hostname());
            g.writeNumberField("stopSignal", c.stopSignal());
            g.writeNumberField("stopTimeout", c.stopTimeout());
            list(g, "dependencies", c.dependencies());
            map(g, "namespaceJoins", c.namespaceJoins());
            map(g, "labels", c.labels());
            instant(g, "created", c.created());
            g.writeStringField("cgroupParent", c.cgroupParent());
            g.writeBooleanField("infra", c.infra());
            g.writeBooleanField("autoRemove", c.autoRemove());
            list(g, "createCommand", c.createCommand());
            list(g, "mounts", c.mounts().stream().map(StateJson::mount).toList());
            g.writeBooleanField("readOnly", c.readOnly());
            SecurityConfig sec = c.security();
            if (!sec.equals(SecurityConfig.DEFAULT)) {
                g.writeBooleanField("privileged", sec.privileged());
                list(g, "capAdd", sec.capAdd());
                list(g, "capDrop", sec.capDrop());
                g.writeStringField("seccompProfile", sec.seccompProfile());
                g.writeBooleanField("noNewPrivileges", sec.noNewPrivileges());
                list(g, "labelOptions", sec.labelOptions());
            }
            g.writeBooleanField("terminal", c.terminal());
            g.writeBooleanField("stdin", c.stdin());
            KubeSettings kube = c.kube();
            if (!kube.equals(KubeSettings.NONE)) {
                g.writeStringField("initType", kube.initType());
                map(g, "annotations", kube.annotations());
            }
            if (!c.host().equals(HostConfig.DEFAULT)) {
                map(g, "host", c.host().toFields());
            }
            if (!c.service().equals(ServiceConfig.DEFAULT)) {
                service(g, c.service());
            }
            if (!c.compat().equals(dev.peapod.core.container.CompatConfig.DEFAULT)) {
                map(g, "compat", c.compat().toFields());
            }
            if (!c.extra().equals(dev.peapod.core.container.ExtraConfig.DEFAULT)) {
                map(g, "extra", c.extra().toFields());
            }
        });
    }

    /** A mount as type, source, destination and options separated by NUL, which no path or option can hold. */
    private static String mount(MountSpec m) {
        return String.join("\0", m.type().name(), m.source(), m.destination(), String.join(",", m.options()));
    }

    private static List<MountSpec> mounts(List<String> encoded) {
        if (encoded == null) {
            return List.of();
        }
        return encoded.stream().map(e -> {
            String[] f = e.split("\0", -1);
            return new MountSpec(MountSpec.Type.valueOf(f[0]), f[1], f[2],
                    f[3].isEmpty() ? List.of() : List.of(f[3].split(",")));
        }).toList();
    }

    static String write(ContainerState s) {
        return object(g -> {
            g.writeStringField("state", s.state().name());
            g.writeNumberField("pid", s.pid());
            g.writeNumberField("conmonPid", s.conmonPid());
            g.writeNumberField("exitCode", s.exitCode());
            g.writeBooleanField("oomKilled", s.oomKilled());
            instant(g, "startedAt", s.startedAt());
            instant(g, "finishedAt", s.finishedAt());
            g.writeStringField("mountPoint", s.mountPoint());
            g.writeStringField("bundlePath", s.bundlePath());
            g.writeStringField("cgroupPath", s.cgroupPath());
            g.writeNumberField("restartCount", s.restartCount());
            g.writeStringField("error", s.error());
        });
    }

    /** @throws StateCorruptException naming {@code what} if the JSON does not describe a pod config */
    static PodConfig readPodConfig(String json, String what) {
        return decode(json, what, f -> new PodConfig(f.str("id"), f.str("name"), f.str("namespace"),
                f.map("labels"), f.str("cgroupParent"), f.bool("usePodCgroup"), f.instant("created"),
                f.bool("infra"), f.list("sharedNamespaces"), f.str("hostname"),
                f.str("exitPolicy") == null ? null : PodConfig.ExitPolicy.valueOf(f.str("exitPolicy")),
                f.dbl("cpus"), f.lng("memoryBytes"), f.list("createCommand"), podNetwork(f)));
    }

    /** Pods written before networking have none of these keys: they get loopback only, as they had. */
    private static PodNetworkConfig podNetwork(Fields f) {
        List<String> ports = f.list("ports");
        return new PodNetworkConfig(
                f.str("networkMode") == null ? null : PodNetworkConfig.Mode.valueOf(f.str("networkMode")),
                f.list("networks"), ports == null ? null : ports.stream().map(PortMapping::parse).toList(),
                f.list("addHosts"), f.list("dns"));
    }

    /** @throws StateCorruptException naming {@code what} if the JSON does not describe a pod state */
    static PodState readPodState(String json, String what) {
        return decode(json, what, f -> new PodState(f.str("cgroupPath"), f.str("infraContainerId")));
    }

    /** @throws StateCorruptException naming {@code what} if the JSON does not describe a container config */
    static ContainerConfig readContainerConfig(String json, String what) {
        return decode(json, what, f -> new ContainerConfig(f.str("id"), f.str("name"), f.str("namespace"),
                f.str("podId"), f.str("image"), f.str("imageId"), f.list("entrypoint"), f.list("command"),
                f.list("env"), f.str("workingDir"), f.str("user"), f.str("hostname"), f.integer("stopSignal"),
                f.integer("stopTimeout"), f.list("dependencies"), f.map("namespaceJoins"), f.map("labels"),
                f.instant("created"), f.str("cgroupParent"), f.bool("infra"), f.bool("autoRemove"),
                f.list("createCommand"), security(f), mounts(f.list("mounts")), f.bool("readOnly"), f.bool("terminal"),
                f.bool("stdin"), kube(f), HostConfig.fromFields(f.map("host")), service(f),
                dev.peapod.core.container.CompatConfig.fromFields(f.map("compat")),
                dev.peapod.core.container.ExtraConfig.fromFields(f.map("extra"))));
    }

    /** A container's restart policy and healthcheck, only when it has either ({@code restartPolicy} is kube's). */
    private static void service(JsonGenerator g, ServiceConfig s) throws IOException {
        g.writeStringField("restart", s.restartPolicy());
        g.writeNumberField("restartRetries", s.restartRetries());
        HealthConfig h = s.health();
        if (h != null) {
            list(g, "healthTest", h.test());
            g.writeNumberField("healthInterval", h.interval().toNanos());
            g.writeNumberField("healthTimeout", h.timeout().toNanos());
            g.writeNumberField("healthStartPeriod", h.startPeriod().toNanos());
            g.writeNumberField("healthRetries", h.retries());
            g.writeStringField("healthOnFailure", h.onFailure());
        }
    }

    /** Containers written before restart policies, or with neither a policy nor a healthcheck, have none. */
    private static ServiceConfig service(Fields f) {
        if (f.str("restart") == null) {
            return ServiceConfig.DEFAULT;
        }
        HealthConfig h = f.list("healthTest") == null ? null : new HealthConfig(f.list("healthTest"),
                java.time.Duration.ofNanos(f.lng("healthInterval")), java.time.Duration.ofNanos(f.lng("healthTimeout")),
                java.time.Duration.ofNanos(f.lng("healthStartPeriod")), f.integer("healthRetries"),
                f.str("healthOnFailure"));
        return new ServiceConfig(f.str("restart"), f.integer("restartRetries"), h);
    }

    /** Containers not made by {@code kube play} have none of these keys. */
    private static KubeSettings kube(Fields f) {
        if (f.map("annotations") == null) {
            return KubeSettings.NONE;
        }
        return new KubeSettings(f.str("initType"), f.map("annotations"));
    }

    /** Containers written before security settings, or with the defaults, have none of these keys. */
    private static SecurityConfig security(Fields f) {
        if (f.str("seccompProfile") == null && f.list("capAdd") == null) {
            return SecurityConfig.DEFAULT;
        }
        return new SecurityConfig(f.bool("privileged"), f.list("capAdd"), f.list("capDrop"), f.str("seccompProfile"),
                f.bool("noNewPrivileges"), f.list("labelOptions"));
    }

    /** @throws StateCorruptException naming {@code what} if the JSON does not describe a container state */
    static ContainerState readContainerRunState(String json, String what) {
        return decode(json, what, f -> new ContainerState(
                f.str("state") == null ? null : ContainerStatus.valueOf(f.str("state")), f.lng("pid"),
                f.lng("conmonPid"), f.integer("exitCode"), f.bool("oomKilled"), f.instant("startedAt"),
                f.instant("finishedAt"), f.str("mountPoint"), f.str("bundlePath"), f.str("cgroupPath"),
                f.integer("restartCount"), f.str("error")));
    }

    /** A JSON object of strings, keys sorted (volume labels and options). */
    static String writeMap(Map<String, String> values) {
        return object(g -> {
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(values).entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
        });
    }

    /** @throws StateCorruptException naming {@code what} if the JSON is not an object of strings */
    static Map<String, String> readMap(String json, String what) {
        return decode(json, what, f -> {
            Map<String, String> out = new LinkedHashMap<>();
            f.values.forEach((k, v) -> out.put(k, f.str(k)));
            return out;
        });
    }

    // ---- writing helpers

    private static void list(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void map(JsonGenerator g, String name, Map<String, String> values) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(values).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static void instant(JsonGenerator g, String name, Instant value) throws IOException {
        g.writeStringField(name, value == null ? null : value.toString());
    }

    // ---- reading

    /** The top-level fields of one JSON object: strings, numbers, booleans, string lists and string maps. */
    private static final class Fields {
        private final Map<String, Object> values = new HashMap<>();

        String str(String name) {
            Object v = values.get(name);
            if (v == null || v instanceof String) {
                return (String) v;
            }
            throw new IllegalArgumentException("\"" + name + "\" is not a string");
        }

        boolean bool(String name) {
            Object v = values.get(name);
            if (v == null || v instanceof Boolean) {
                return v != null && (Boolean) v;
            }
            throw new IllegalArgumentException("\"" + name + "\" is not a boolean");
        }

        private Number num(String name) {
            Object v = values.get(name);
            if (v instanceof Number n) {
                return n;
            }
            throw new IllegalArgumentException("\"" + name + "\" is " + (v == null ? "missing" : "not a number"));
        }

        long lng(String name) {
            return num(name).longValue();
        }

        int integer(String name) {
            return Math.toIntExact(num(name).longValue());
        }

        double dbl(String name) {
            return num(name).doubleValue();
        }

        Instant instant(String name) {
            String s = str(name);
            return s == null ? null : Instant.parse(s);
        }

        @SuppressWarnings("unchecked")
        List<String> list(String name) {
            Object v = values.get(name);
            if (v == null || v instanceof List) {
                return (List<String>) v;
            }
            throw new IllegalArgumentException("\"" + name + "\" is not a list of strings");
        }

        @SuppressWarnings("unchecked")
        Map<String, String> map(String name) {
            Object v = values.get(name);
            if (v == null || v instanceof Map) {
                return (Map<String, String>) v;
            }
            throw new IllegalArgumentException("\"" + name + "\" is not an object of strings");
        }
    }

    @FunctionalInterface
    private interface Build<T> {
        T from(Fields f);
    }

    private static <T> T decode(String json, String what, Build<T> build) {
        try {
            return build.from(parse(json));
        } catch (IOException | RuntimeException e) {
            throw new StateCorruptException("the state database holds an unreadable " + what + " (" + e.getMessage()
                    + "); remove the object with --force or restore the database", e);
        }
    }

    private static Fields parse(String json) throws IOException {
        Fields f = new Fields();
        try (JsonParser p = FACTORY.createParser(json)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, p);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                Object value = switch (t) {
                    case VALUE_STRING -> p.getText();
                    case VALUE_NUMBER_INT -> p.getLongValue();
                    case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                    case VALUE_TRUE -> Boolean.TRUE;
                    case VALUE_FALSE -> Boolean.FALSE;
                    case VALUE_NULL -> null;
                    case START_ARRAY -> stringList(p);
                    case START_OBJECT -> stringMap(p);
                    default -> throw new IOException("unexpected " + t + " at \"" + name + "\"");
                };
                f.values.put(name, value);
            }
            expect(p.currentToken(), JsonToken.END_OBJECT, p);
            if (p.nextToken() != null) {
                throw new IOException("trailing data after the JSON object");
            }
        }
        return f;
    }

    private static List<String> stringList(JsonParser p) throws IOException {
        List<String> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            expect(t, JsonToken.VALUE_STRING, p);
            out.add(p.getText());
        }
        return out;
    }

    private static Map<String, String> stringMap(JsonParser p) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            expect(p.nextToken(), JsonToken.VALUE_STRING, p);
            out.put(key, p.getText());
        }
        expect(p.currentToken(), JsonToken.END_OBJECT, p);
        return out;
    }

    private static void expect(JsonToken actual, JsonToken wanted, JsonParser p) throws IOException {
        if (actual != wanted) {
            throw new IOException("expected " + wanted + " but found " + actual + " at " + p.currentLocation());
        }
    }
}
