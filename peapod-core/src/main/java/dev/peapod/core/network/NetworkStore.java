package dev.peapod.core.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.core.define.AlreadyExistsException;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchObjectException;
import dev.peapod.core.define.StateCorruptException;
import dev.peapod.core.lock.LockManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The network definitions of a store: one JSON file per network, {@code <dir>/<name>.json}, in the
 * format podman keeps and netavark reads; written atomically under a store-wide lock, so several
 * processes may create and remove networks at once.
 */
public final class NetworkStore {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The lock guarding the definitions; not a valid object id, so it cannot collide with one. */
    static final String LOCK = "networks";

    private final Path dir;
    private final LockManager locks;

    /** A store over {@code dir} (created on first write), locked through {@code locks}. */
    public NetworkStore(Path dir, LockManager locks) {
        this.dir = dir;
        this.locks = locks;
    }

    /**
     * What {@code network create} asks for. Null fields take defaults: a free 10.89.N.0/24 subnet, its
     * first address as gateway, a bridge named after the network's id.
     */
    public record CreateRequest(String name, String subnet, String gateway, String interfaceName, boolean internal,
            Boolean dnsEnabled, Map<String, String> labels) {
    }

    /**
     * Creates a network definition (no device is made until a pod uses it).
     *
     * @throws AlreadyExistsException if the name is taken
     * @throws InvalidArgumentException if the subnet or gateway is malformed or the subnet overlaps another network
     */
    public Network create(CreateRequest req) {
        try (var held = locks.lock(LOCK).acquire()) {
            String name = req.name() == null || req.name().isEmpty() ? nextName() : req.name();
            Ids.requireValidName(name, "network");
            if (Files.exists(file(name))) {
                throw new AlreadyExistsException("network name " + name + " already used: choose another name");
            }
            List<Network> others = listLocked();
            Subnet subnet = req.subnet() == null || req.subnet().isEmpty() ? freeSubnet(others)
                    : Subnet.parse(req.subnet());
            for (Network o : others) {
                if (o.subnet().overlaps(subnet)) {
                    throw new InvalidArgumentException("subnet " + subnet + " overlaps subnet " + o.subnet()
                            + " of network " + o.name() + ": choose another --subnet");
                }
            }
            String gateway = req.gateway() == null || req.gateway().isEmpty() ? Subnet.format(subnet.firstHost())
                    : req.gateway();
            String id = Ids.newId();
            String iface = req.interfaceName() == null || req.interfaceName().isEmpty()
                    ? "pp-" + id.substring(0, 11) : req.interfaceName();
            for (Network o : others) {
                if (o.networkInterface().equals(iface)) {
                    throw new InvalidArgumentException("bridge " + iface + " is already used by network " + o.name());
                }
            }
            Network n = new Network(name, id, "bridge", iface, subnet, gateway, req.internal(),
                    req.dnsEnabled() == null || req.dnsEnabled(), req.labels(), Instant.now());
            writeLocked(n);
            emit("create", n.id(), n.name());
            return n;
        }
    }

    /** The default network, written on first use. */
    public Network defaultNetwork() {
        Optional<Network> n = find(Network.DEFAULT_NAME);
        if (n.isPresent()) {
            return n.get();
        }
        try (var held = locks.lock(LOCK).acquire()) {
            Optional<Network> again = find(Network.DEFAULT_NAME);
            if (again.isPresent()) {
                return again.get();
            }
            Network d = Network.defaultNetwork();
            writeLocked(d);
            return d;
        }
    }

    /**
     * The network with this name (or unique id prefix); the default network is created if asked for.
     *
     * @throws NoSuchObjectException if there is none
     */
    public Network get(String nameOrId) {
        if (Network.DEFAULT_NAME.equals(nameOrId)) {
            return defaultNetwork();
        }
        Optional<Network> n = find(nameOrId);
        if (n.isPresent()) {
            return n.get();
        }
        List<Network> byId = list().stream().filter(x -> !nameOrId.isEmpty() && x.id().startsWith(nameOrId)).toList();
        if (byId.size() == 1) {
            return byId.getFirst();
        }
        throw new NoSuchObjectException("unable to find network with name or ID " + nameOrId
                + ": network not found");
    }

    private Optional<Network> find(String name) {
        if (!Ids.isValidName(name)) {
            return Optional.empty();
        }
        Path f = file(name);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        return Optional.of(read(f));
    }

    /** All networks, by name; the default one included (it is created by this call if missing). */
    public List<Network> list() {
        defaultNetwork();
        return listLocked();
    }

    private List<Network> listLocked() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Network> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                try {
                    out.add(read(p));
                } catch (UncheckedIOException e) {
                    // removed meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list networks in " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(Network::name));
        return out;
    }

    /**
     * Deletes a network definition. The caller checks that no pod uses it.
     *
     * @throws NoSuchObjectException if there is none
     * @throws InvalidArgumentException for the default network
     */
    public void remove(String name) {
        if (Network.DEFAULT_NAME.equals(name)) {
            throw new InvalidArgumentException("default network " + name + " cannot be removed");
        }
        try (var held = locks.lock(LOCK).acquire()) {
            if (!Ids.isValidName(name) || !Files.deleteIfExists(file(name))) {
                throw new NoSuchObjectException("unable to find network with name " + name + ": network not found");
            }
            emit("remove", "", name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove network " + name + ": " + e.getMessage(), e);
        }
    }

    /** Records a network's step in the event journal of the store this directory belongs to ({@code <root>/networks}). */
    private void emit(String status, String id, String name) {
        if (dir.getParent() != null) {
            dev.peapod.core.events.EventJournal.forStore(dir.getParent()).write(
                    dev.peapod.core.events.Event.of(dev.peapod.core.events.EventType.NETWORK, status, id, name, null));
        }
    }

    private Path file(String name) {
        return dir.resolve(name + ".json");
    }

    private String nextName() {
        for (int i = 1; ; i++) {
            if (!Files.exists(file("peapod" + i))) {
                return "peapod" + i;
            }
        }
    }

    /** The first 10.89.N.0/24 that overlaps no network of the store and no route of the host. */
    private static Subnet freeSubnet(List<Network> others) {
        List<Subnet> used = new ArrayList<>(others.stream().map(Network::subnet).toList());
        used.addAll(hostRoutes());
        for (int n = 1; n < 256; n++) {
            Subnet candidate = new Subnet((10 << 24) | (89 << 16) | (n << 8), 24);
            if (used.stream().noneMatch(candidate::overlaps)) {
                return candidate;
            }
        }
        throw new InvalidArgumentException("no free subnet left in 10.89.0.0/16: give one with --subnet");
    }

    /** The IPv4 destinations the host routes (default route excluded), from /proc/net/route. */
    private static List<Subnet> hostRoutes() {
        List<Subnet> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/route")).stream().skip(1).toList()) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 8) {
                    continue;
                }
                int dest = Integer.reverseBytes((int) Long.parseLong(f[1], 16));
                int mask = Integer.reverseBytes((int) Long.parseLong(f[7], 16));
                int prefix = Integer.bitCount(mask);
                if (prefix >= 8) {
                    out.add(new Subnet(dest, Math.min(prefix, 30)));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no route table to consult: the store's own networks still keep apart
        }
        return out;
    }

    // ---------------------------------------------------------------- JSON (podman's and netavark's format)

    /** The network as netavark reads it and podman stores and shows it. */
    public static ObjectNode toJson(Network n) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", n.name());
        o.put("id", n.id());
        o.put("driver", n.driver());
        o.put("network_interface", n.networkInterface());
        o.put("created", n.created().toString());
        o.putArray("subnets").addObject().put("subnet", n.subnet().toString()).put("gateway", n.gateway());
        o.put("ipv6_enabled", false);
        o.put("internal", n.internal());
        o.put("dns_enabled", n.dnsEnabled());
        if (!n.labels().isEmpty()) {
            ObjectNode l = o.putObject("labels");
            new java.util.TreeMap<>(n.labels()).forEach(l::put);
        }
        o.putObject("ipam_options").put("driver", "host-local");
        return o;
    }

    private void writeLocked(Network n) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + n.name() + ".json.tmp");
            Files.write(tmp, JSON.writeValueAsBytes(toJson(n)));
            Files.move(tmp, file(n.name()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write network " + n.name() + " to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Network read(Path f) {
        JsonNode o;
        try {
            o = JSON.readTree(f.toFile());
        } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new StateCorruptException("network file " + f + " is unreadable (" + e.getMessage()
                    + "): remove it or restore it", e);
        }
        try {
            JsonNode sub = o.path("subnets").path(0);
            Map<String, String> labels = new LinkedHashMap<>();
            o.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            return new Network(o.path("name").asText(), o.path("id").asText(), o.path("driver").asText("bridge"),
                    o.path("network_interface").asText(), Subnet.parse(sub.path("subnet").asText()),
                    sub.path("gateway").asText(), o.path("internal").asBoolean(), o.path("dns_enabled").asBoolean(),
                    labels, o.hasNonNull("created") ? Instant.parse(o.path("created").asText()) : null);
        } catch (RuntimeException e) {
            throw new StateCorruptException("network file " + f + " does not describe a network (" + e.getMessage()
                    + "): remove it or restore it", e);
        }
    }
}
