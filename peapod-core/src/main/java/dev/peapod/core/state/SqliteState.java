package dev.peapod.core.state;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.peapod.core.AlreadyExistsException;
import dev.peapod.core.Ids;
import dev.peapod.core.InUseException;
import dev.peapod.core.InvalidArgumentException;
import dev.peapod.core.NoSuchContainerException;
import dev.peapod.core.NoSuchPodException;
import dev.peapod.core.PeapodException;
import dev.peapod.core.StateCorruptException;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerRunState;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The embedded default {@link State}: one SQLite file in WAL mode, foreign keys on,
 * {@code synchronous=FULL}, a long busy timeout and {@code BEGIN IMMEDIATE} write transactions, so
 * writers in several processes queue instead of failing. Schema changes are numbered migrations
 * ({@code migrations/V<n>__*.sql} resources) applied at open; a database newer than this code is
 * refused. One connection per instance, used under the instance's monitor.
 */
public final class SqliteState implements State {
    /** The newest schema this code knows. */
    public static final int SCHEMA_VERSION = 1;
    private static final int BUSY_TIMEOUT_MS = 100_000;
    static final ObjectMapper JSON = mapper();

    private final Connection conn;
    private final String namespace;
    private final Path file;

    private SqliteState(Connection conn, String namespace, Path file) {
        this.conn = conn;
        this.namespace = namespace;
        this.file = file;
    }

    /**
     * Opens (creating if needed) the database file and brings its schema up to date.
     *
     * @throws StateCorruptException if it is not a peapod database or is newer than this peapod
     */
    public static SqliteState open(Path dbFile, String namespace) {
        try {
            Files.createDirectories(dbFile.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dbFile.getParent() + ": " + e.getMessage(), e);
        }
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");
        p.setProperty("synchronous", "FULL");
        p.setProperty("foreign_keys", "true");
        p.setProperty("busy_timeout", String.valueOf(BUSY_TIMEOUT_MS));
        Connection c = null;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + dbFile.toAbsolutePath(), p);
            SqliteState s = new SqliteState(c, namespace == null ? "" : namespace, dbFile);
            s.migrate();
            return s;
        } catch (SQLException e) {
            closeQuietly(c);
            throw new StateCorruptException("cannot open state database " + dbFile + ": " + e.getMessage()
                    + " (is it a peapod database? move it away to start afresh)", e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing
            }
        }
    }

    private static ObjectMapper mapper() {
        SimpleModule time = new SimpleModule("instants");
        time.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant v, JsonGenerator g, SerializerProvider sp) throws IOException {
                g.writeString(v.toString());
            }
        });
        time.addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                return Instant.parse(p.getValueAsString());
            }
        });
        return new ObjectMapper().registerModule(time)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    // ---------------------------------------------------------------- plumbing

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs a write transaction (BEGIN IMMEDIATE ... COMMIT), rolled back on any failure. */
    private synchronized <T> T write(Work<T> work) {
        try {
            try (Statement st = conn.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
            }
            try {
                T result = work.run();
                try (Statement st = conn.createStatement()) {
                    st.execute("COMMIT");
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                try (Statement st = conn.createStatement()) {
                    st.execute("ROLLBACK");
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new PeapodException("state database " + file + ": " + e.getMessage(), e);
        }
    }

    private synchronized <T> T read(Work<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new PeapodException("state database " + file + ": " + e.getMessage(), e);
        }
    }

    private PreparedStatement ps(String sql, Object... args) throws SQLException {
        PreparedStatement s = conn.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
        return s;
    }

    private int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement s = ps(sql, args)) {
            return s.executeUpdate();
        }
    }

    private List<String> strings(String sql, Object... args) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = ps(sql, args); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private Optional<String> string(String sql, Object... args) throws SQLException {
        List<String> all = strings(sql, args);
        return all.isEmpty() ? Optional.empty() : Optional.ofNullable(all.getFirst());
    }

    private static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + o.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private <T> T fromJson(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StateCorruptException("state database " + file + " holds an unreadable "
                    + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    private String nsClause(String column) {
        return namespace.isEmpty() ? "" : " AND " + column + " = '" + namespace.replace("'", "''") + "'";
    }

    private void migrate() {
        write(() -> {
            try (Statement st = conn.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS SchemaVersion (Version INTEGER NOT NULL)");
            }
            int version = string("SELECT MAX(Version) FROM SchemaVersion").map(Integer::parseInt).orElse(0);
            if (version > SCHEMA_VERSION) {
                throw new StateCorruptException("state database " + file + " has schema version " + version
                        + ", newer than this peapod understands (" + SCHEMA_VERSION + "): upgrade peapod");
            }
            for (int v = version + 1; v <= SCHEMA_VERSION; v++) {
                for (String stmt : migration(v).split(";")) {
                    String sql = stmt.lines().filter(l -> !l.strip().startsWith("--"))
                            .reduce("", (a, b) -> a + "\n" + b).strip();
                    if (!sql.isEmpty()) {
                        try (Statement st = conn.createStatement()) {
                            st.execute(sql);
                        }
                    }
                }
                update("INSERT INTO SchemaVersion (Version) VALUES (?)", v);
            }
            return null;
        });
    }

    private static String migration(int version) {
        String prefix = "migrations/V" + version + "__";
        String name = switch (version) {
            case 1 -> prefix + "init.sql";
            default -> throw new IllegalStateException("no migration for schema " + version);
        };
        try (InputStream in = SqliteState.class.getResourceAsStream(name)) {
            return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- names and ids

    /** Claims an id and a name in the shared spaces, or says which object has them. */
    private void claim(String id, String name) throws SQLException {
        if (string("SELECT ID FROM IDNamespace WHERE ID = ?", id).isPresent()) {
            throw new AlreadyExistsException("id " + id + " is already in use by a pod or container");
        }
        Optional<String> owner = string("SELECT ID FROM NameNamespace WHERE Name = ?", name);
        if (owner.isPresent()) {
            String kind = string("SELECT ID FROM PodConfig WHERE ID = ?", owner.get()).isPresent() ? "pod" : "container";
            throw new AlreadyExistsException("the name \"" + name + "\" is already in use by " + kind + " "
                    + Ids.shortId(owner.get()) + ": remove it or choose another name");
        }
        update("INSERT INTO IDNamespace (ID) VALUES (?)", id);
        update("INSERT INTO NameNamespace (Name, ID) VALUES (?, ?)", name, id);
    }

    private void release(String id) throws SQLException {
        update("DELETE FROM NameNamespace WHERE ID = ?", id);
        update("DELETE FROM IDNamespace WHERE ID = ?", id);
    }

    @Override
    public String namespace() {
        return namespace;
    }

    // ---------------------------------------------------------------- pods

    @Override
    public void addPod(PodConfig config, PodState state) {
        write(() -> {
            claim(config.id(), config.name());
            update("INSERT INTO PodConfig (ID, Name, Namespace, JSON) VALUES (?, ?, ?, ?)", config.id(), config.name(),
                    config.namespace(), toJson(config));
            update("INSERT INTO PodState (ID, InfraContainerID, JSON) VALUES (?, ?, ?)", config.id(),
                    state.infraContainerId(), toJson(state));
            return null;
        });
    }

    private void requirePod(String podId) throws SQLException {
        if (string("SELECT ID FROM PodConfig WHERE ID = ?", podId).isEmpty()) {
            throw new NoSuchPodException("no pod with id " + podId);
        }
    }

    @Override
    public void removePod(String podId) {
        write(() -> {
            requirePod(podId);
            List<String> members = strings("SELECT ID FROM ContainerConfig WHERE PodID = ?", podId);
            if (!members.isEmpty()) {
                throw new InUseException("pod " + podId + " still has " + members.size()
                        + " containers: remove them first or remove the pod with its containers");
            }
            update("DELETE FROM PodConfig WHERE ID = ?", podId);
            release(podId);
            return null;
        });
    }

    @Override
    public void removePodAndContainers(String podId) {
        write(() -> {
            requirePod(podId);
            List<String> outside = strings("SELECT d.ID FROM ContainerDependency d JOIN ContainerConfig c ON c.ID = d.ID "
                    + "JOIN ContainerConfig t ON t.ID = d.DependencyID WHERE t.PodID = ? AND (c.PodID IS NULL OR c.PodID <> ?)",
                    podId, podId);
            if (!outside.isEmpty()) {
                throw new InUseException("containers outside pod " + podId + " depend on its containers: "
                        + String.join(", ", outside.stream().map(Ids::shortId).toList()) + "; remove them first");
            }
            List<String> members = strings("SELECT ID FROM ContainerConfig WHERE PodID = ?", podId);
            for (String m : members) {
                update("DELETE FROM ContainerDependency WHERE ID = ?", m);
            }
            for (String m : members) {
                update("DELETE FROM ContainerConfig WHERE ID = ?", m);
                release(m);
            }
            update("DELETE FROM PodConfig WHERE ID = ?", podId);
            release(podId);
            return null;
        });
    }

    @Override
    public Optional<PodConfig> pod(String podId) {
        return read(() -> string("SELECT JSON FROM PodConfig WHERE ID = ?", podId).map(j -> fromJson(j, PodConfig.class)));
    }

    @Override
    public PodConfig lookupPod(String nameOrId) {
        return read(() -> fromJson(lookup("PodConfig", nameOrId, "pod",
                () -> new NoSuchPodException("no pod with name or ID " + nameOrId + " found: check `pod ps`")),
                PodConfig.class));
    }

    /** Exact name, then full id, then unique id prefix; returns the JSON. */
    private String lookup(String table, String nameOrId, String kind,
            java.util.function.Supplier<RuntimeException> none) throws SQLException {
        if (nameOrId == null || nameOrId.isEmpty()) {
            throw new InvalidArgumentException("a " + kind + " name or ID must be given");
        }
        Optional<String> byName = string("SELECT JSON FROM " + table + " WHERE Name = ?" + nsClause("Namespace"), nameOrId);
        if (byName.isPresent()) {
            return byName.get();
        }
        if (!Ids.isIdPrefix(nameOrId)) {
            throw none.get();
        }
        List<String> ids = strings("SELECT ID FROM " + table + " WHERE ID >= ? AND ID < ?" + nsClause("Namespace")
                + " LIMIT 10", nameOrId, nameOrId + "g");
        if (ids.isEmpty()) {
            throw none.get();
        }
        if (ids.size() > 1 && !ids.contains(nameOrId)) {
            throw new InvalidArgumentException("more than one " + kind + " ID starts with " + nameOrId + " ("
                    + String.join(", ", ids.stream().map(Ids::shortId).toList()) + "): give more of the ID");
        }
        String id = ids.contains(nameOrId) ? nameOrId : ids.getFirst();
        return string("SELECT JSON FROM " + table + " WHERE ID = ?", id).orElseThrow(none);
    }

    @Override
    public List<PodConfig> allPods() {
        return read(() -> strings("SELECT JSON FROM PodConfig WHERE 1 = 1" + nsClause("Namespace") + " ORDER BY rowid")
                .stream().map(j -> fromJson(j, PodConfig.class)).toList());
    }

    @Override
    public PodState podState(String podId) {
        return read(() -> fromJson(string("SELECT JSON FROM PodState WHERE ID = ?", podId)
                .orElseThrow(() -> new NoSuchPodException("no pod with id " + podId)), PodState.class));
    }

    @Override
    public void savePodState(String podId, PodState state) {
        write(() -> {
            if (update("UPDATE PodState SET InfraContainerID = ?, JSON = ? WHERE ID = ?", state.infraContainerId(),
                    toJson(state), podId) == 0) {
                throw new NoSuchPodException("no pod with id " + podId);
            }
            return null;
        });
    }

    @Override
    public List<ContainerConfig> podContainers(String podId) {
        return read(() -> {
            requirePod(podId);
            return strings("SELECT JSON FROM ContainerConfig WHERE PodID = ? ORDER BY rowid", podId).stream()
                    .map(j -> fromJson(j, ContainerConfig.class)).toList();
        });
    }

    // ---------------------------------------------------------------- containers

    @Override
    public void addContainer(ContainerConfig config, ContainerRunState state) {
        write(() -> {
            if (config.podId() != null) {
                requirePod(config.podId());
            }
            for (String dep : config.allDependencies()) {
                Optional<String> depPod = Optional.empty();
                boolean exists = false;
                try (PreparedStatement s = ps("SELECT PodID, Name FROM ContainerConfig WHERE ID = ?", dep);
                        ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        exists = true;
                        depPod = Optional.ofNullable(rs.getString(1));
                        if (!Objects.equals(depPod.orElse(null), config.podId())) {
                            throw new InvalidArgumentException("container " + config.name() + " depends on container "
                                    + rs.getString(2) + ", which is in another pod: dependencies must share a pod");
                        }
                    }
                }
                if (!exists) {
                    throw new NoSuchContainerException("container " + config.name() + " depends on container " + dep
                            + ", which does not exist");
                }
            }
            claim(config.id(), config.name());
            update("INSERT INTO ContainerConfig (ID, Name, PodID, Namespace, JSON) VALUES (?, ?, ?, ?, ?)", config.id(),
                    config.name(), config.podId(), config.namespace(), toJson(config));
            update("INSERT INTO ContainerState (ID, State, ExitCode, JSON) VALUES (?, ?, ?, ?)", config.id(),
                    state.state().name(), state.exitCode(), toJson(state));
            for (String dep : config.allDependencies()) {
                update("INSERT INTO ContainerDependency (ID, DependencyID) VALUES (?, ?)", config.id(), dep);
            }
            return null;
        });
    }

    @Override
    public void removeContainer(String containerId) {
        write(() -> {
            Optional<String> name = string("SELECT Name FROM ContainerConfig WHERE ID = ?", containerId);
            if (name.isEmpty()) {
                throw new NoSuchContainerException("no container with id " + containerId);
            }
            List<String> deps = strings("SELECT ID FROM ContainerDependency WHERE DependencyID = ?", containerId);
            if (!deps.isEmpty()) {
                throw new InUseException("container " + name.get() + " has dependent containers which must be removed "
                        + "first: " + String.join(", ", deps.stream().map(Ids::shortId).toList()));
            }
            update("DELETE FROM ContainerConfig WHERE ID = ?", containerId);
            release(containerId);
            return null;
        });
    }

    @Override
    public Optional<ContainerConfig> container(String containerId) {
        return read(() -> string("SELECT JSON FROM ContainerConfig WHERE ID = ?", containerId)
                .map(j -> fromJson(j, ContainerConfig.class)));
    }

    @Override
    public ContainerConfig lookupContainer(String nameOrId) {
        return read(() -> fromJson(lookup("ContainerConfig", nameOrId, "container",
                () -> new NoSuchContainerException("no container with name or ID \"" + nameOrId
                        + "\" found: check `ps -a`")), ContainerConfig.class));
    }

    @Override
    public List<ContainerConfig> allContainers() {
        return read(() -> strings("SELECT JSON FROM ContainerConfig WHERE 1 = 1" + nsClause("Namespace")
                + " ORDER BY rowid").stream().map(j -> fromJson(j, ContainerConfig.class)).toList());
    }

    @Override
    public ContainerRunState containerState(String containerId) {
        return read(() -> fromJson(string("SELECT JSON FROM ContainerState WHERE ID = ?", containerId)
                .orElseThrow(() -> new NoSuchContainerException("no container with id " + containerId)),
                ContainerRunState.class));
    }

    @Override
    public void saveContainerState(String containerId, ContainerRunState state) {
        write(() -> {
            if (update("UPDATE ContainerState SET State = ?, ExitCode = ?, JSON = ? WHERE ID = ?", state.state().name(),
                    state.exitCode(), toJson(state), containerId) == 0) {
                throw new NoSuchContainerException("no container with id " + containerId);
            }
            return null;
        });
    }

    @Override
    public List<String> dependents(String containerId) {
        return read(() -> strings("SELECT ID FROM ContainerDependency WHERE DependencyID = ? ORDER BY rowid", containerId));
    }

    @Override
    public boolean nameOrIdTaken(String nameOrId) {
        return read(() -> string("SELECT ID FROM NameNamespace WHERE Name = ?", nameOrId).isPresent()
                || string("SELECT ID FROM IDNamespace WHERE ID = ?", nameOrId).isPresent());
    }

    @Override
    public synchronized void close() {
        closeQuietly(conn);
    }
}
