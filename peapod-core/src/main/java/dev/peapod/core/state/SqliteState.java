package dev.peapod.core.state;

import dev.peapod.core.define.AlreadyExistsException;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InUseException;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.define.NoSuchPodException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.define.StateCorruptException;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The {@link State} kept in one SQLite file, shared by every peapod process on the host.
 *
 * <p>The database runs in WAL mode with {@code synchronous=FULL} and foreign keys on. Every write is
 * one {@code BEGIN IMMEDIATE} transaction, so writers from several processes queue on SQLite's lock
 * (waiting up to {@link #BUSY_TIMEOUT_MS}) instead of failing, and the checks a write makes (name
 * free, dependencies present, nothing depends on it) see the same data as the write itself. Reads
 * that need several statements run in one read transaction and so see one snapshot.
 *
 * <p>Each instance holds one JDBC connection; its methods are synchronised on the instance. The
 * schema is versioned: {@link #open} applies the missing migrations ({@code migrations/V<n>__*.sql}
 * resources) in one transaction and refuses a database written by a newer peapod.
 */
public final class SqliteState implements State {

    /** How long a statement waits for another process's write transaction before failing. */
    public static final int BUSY_TIMEOUT_MS = 100_000;

    /** The migrations in order; entry {@code i} brings the schema to version {@code i + 1}. */
    static final List<String> MIGRATIONS = List.of("V1__init.sql", "V2__volumes.sql");

    private static final String CTR_ORDER = " ORDER BY c.CreatedSec, c.CreatedNano, c.rowid";
    private static final String POD_ORDER = " ORDER BY p.CreatedSec, p.CreatedNano, p.rowid";
    private static final String IN_NS = " (? = '' OR %s.Namespace = ?)";

    private final Path file;
    private final String namespace;
    private final List<String> migrations;
    private Connection conn;

    private SqliteState(Path file, String namespace, Connection conn, List<String> migrations) {
        this.file = file;
        this.namespace = namespace;
        this.conn = conn;
        this.migrations = migrations;
    }

    /**
     * Opens (creating if needed) the state database {@code dbFile}, restricted to {@code namespace}
     * ("" = all), and brings its schema up to date. Its parent directory is created if missing.
     *
     * @throws StateCorruptException if the file is not a peapod state database or was written by a
     *                               newer peapod (the message says to upgrade)
     * @throws PeapodException       if the file cannot be opened
     */
    public static SqliteState open(Path dbFile, String namespace) {
        return open(dbFile, namespace, MIGRATIONS);
    }

    /** {@link #open(Path, String)} with another list of migrations, for testing upgrades. */
    static SqliteState open(Path dbFile, String namespace, List<String> migrations) {
        Objects.requireNonNull(dbFile, "dbFile");
        String ns = Objects.requireNonNullElse(namespace, "");
        Path file = dbFile.toAbsolutePath();
        Connection conn = null;
        try {
            Path parent = file.getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent);
            }
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(BUSY_TIMEOUT_MS);
            conn = config.createConnection("jdbc:sqlite:" + file);
            try (Statement st = conn.createStatement()) {
                st.execute("PRAGMA foreign_keys = ON");
                st.execute("PRAGMA synchronous = FULL");
                try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                    if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
                        st.execute("PRAGMA journal_mode = WAL");
                    }
                }
            }
            SqliteState state = new SqliteState(file, ns, conn, List.copyOf(migrations));
            state.migrate();
            return state;
        } catch (SQLException | IOException | RuntimeException e) {
            if (conn != null) {
                try {
                    conn.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof PeapodException pe) {
                throw pe;
            }
            if (e instanceof SQLException se) {
                throw translate(file, "open", se);
            }
            throw new PeapodException("cannot open the state database " + file + ": " + e.getMessage(), e);
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    private final SqliteVolumeStore volumes = new SqliteVolumeStore(this);

    @Override
    public dev.peapod.core.volume.VolumeStore volumes() {
        return volumes;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    /** The schema version of the open database. */
    public synchronized int schemaVersion() {
        return read(this::schemaVersionIn);
    }

    // ---- schema

    private int schemaVersionIn() throws SQLException {
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                        + " AND name = 'SchemaVersion'")) {
            rs.next();
            if (rs.getInt(1) == 0) {
                return 0;
            }
        }
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT coalesce(max(Version), 0) FROM SchemaVersion")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private synchronized void migrate() {
        int known = migrations.size();
        int current = read(this::schemaVersionIn);
        if (current == known) {
            return;
        }
        refuseNewer(current);
        write(() -> {
            int v = schemaVersionIn();
            refuseNewer(v);
            if (v == 0 && !"0".equals(one("SELECT count(*) FROM sqlite_master WHERE type = 'table'"))) {
                throw new StateCorruptException("the file " + file + " is an SQLite database of something else,"
                        + " not a peapod state database: point peapod at another path");
            }
            try (Statement st = conn.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS SchemaVersion (Version INTEGER NOT NULL PRIMARY KEY,"
                        + " Name TEXT NOT NULL, Applied TEXT NOT NULL)");
                for (int i = v; i < known; i++) {
                    for (String sql : statements(migrations.get(i))) {
                        st.execute(sql);
                    }
                    try (PreparedStatement ps = conn.prepareStatement("INSERT INTO SchemaVersion VALUES (?, ?, ?)")) {
                        ps.setInt(1, i + 1);
                        ps.setString(2, migrations.get(i));
                        ps.setString(3, Instant.now().toString());
                        ps.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    private void refuseNewer(int version) {
        if (version > migrations.size()) {
            throw new StateCorruptException("the state database " + file + " has schema version " + version
                    + " but this peapod knows versions up to " + migrations.size()
                    + ": it was written by a newer peapod; upgrade peapod to use it");
        }
    }

    /** The statements of a migration resource: split at semicolons ending a line, comments dropped. */
    static List<String> statements(String resource) {
        String text;
        try (InputStream in = SqliteState.class.getResourceAsStream("migrations/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("migration resource " + resource + " is missing from the build");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + resource, e);
        }
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            cur.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                out.add(cur.toString().strip());
                cur.setLength(0);
            }
        }
        if (!cur.toString().isBlank()) {
            throw new IllegalStateException("migration " + resource + " ends without a semicolon");
        }
        return out;
    }

    // ---- pods

    @Override
    public synchronized void addPod(PodConfig config, PodState state) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(state, "state");
        write(() -> {
            claim(config.id(), config.name(), "pod");
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO PodConfig (ID, Name, Namespace,"
                    + " CreatedSec, CreatedNano, JSON) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, config.id());
                ps.setString(2, config.name());
                ps.setString(3, config.namespace());
                ps.setLong(4, config.created().getEpochSecond());
                ps.setInt(5, config.created().getNano());
                ps.setString(6, StateJson.write(config));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO PodState (ID, InfraContainerID, JSON) VALUES (?, ?, ?)")) {
                ps.setString(1, config.id());
                ps.setString(2, state.infraContainerId());
                ps.setString(3, StateJson.write(state));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized void removePod(String podId) {
        write(() -> {
            String name = requirePodName(podId);
            List<String> members = ids("SELECT c.ID FROM ContainerConfig c WHERE c.PodID = ?" + CTR_ORDER, podId);
            if (!members.isEmpty()) {
                throw new InUseException("pod " + name + " has " + members.size() + " container(s) "
                        + members.stream().map(Ids::shortId).toList()
                        + ": remove them first or remove the pod with its containers (--force)");
            }
            deletePod(podId);
            return null;
        });
    }

    @Override
    public synchronized void removePodAndContainers(String podId) {
        write(() -> {
            String name = requirePodName(podId);
            List<String> outside = ids("SELECT DISTINCT c.ID FROM ContainerDependency d"
                    + " JOIN ContainerConfig c ON c.ID = d.ID"
                    + " JOIN ContainerConfig dep ON dep.ID = d.DependencyID"
                    + " WHERE dep.PodID = ? AND (c.PodID IS NULL OR c.PodID <> ?)" + CTR_ORDER, podId, podId);
            if (!outside.isEmpty()) {
                throw new InUseException("cannot remove pod " + name + ": container(s) outside it "
                        + outside.stream().map(Ids::shortId).toList()
                        + " depend on its containers; remove them first");
            }
            update("DELETE FROM ContainerDependency WHERE ID IN (SELECT ID FROM ContainerConfig WHERE PodID = ?)",
                    podId);
            List<String> members = ids("SELECT c.ID FROM ContainerConfig c WHERE c.PodID = ?" + CTR_ORDER, podId);
            update("DELETE FROM ContainerConfig WHERE PodID = ?", podId);
            for (String id : members) {
                update("DELETE FROM IDNamespace WHERE ID = ?", id);
            }
            deletePod(podId);
            return null;
        });
    }

    @Override
    public synchronized Optional<PodConfig> pod(String podId) {
        return read(() -> Optional.ofNullable(one("SELECT JSON FROM PodConfig WHERE ID = ?", podId))
                .map(json -> StateJson.readPodConfig(json, "pod " + podId)));
    }

    @Override
    public synchronized PodConfig lookupPod(String nameOrId) {
        requireQuery(nameOrId, "pod");
        return read(() -> {
            String ns = IN_NS.formatted("p");
            String json = one("SELECT p.JSON FROM PodConfig p WHERE p.Name = ? AND" + ns, nameOrId, namespace,
                    namespace);
            if (json == null && Ids.isFullId(nameOrId)) {
                json = one("SELECT p.JSON FROM PodConfig p WHERE p.ID = ? AND" + ns, nameOrId, namespace, namespace);
            }
            if (json == null && Ids.isIdPrefix(nameOrId)) {
                List<String[]> matches = rows("SELECT p.ID, p.Name, p.JSON FROM PodConfig p WHERE p.ID GLOB ? AND"
                        + ns + POD_ORDER, 3, nameOrId + "*", namespace, namespace);
                if (matches.size() > 1) {
                    throw StateMessages.ambiguous("pod", nameOrId,
                            matches.stream().map(m -> Ids.shortId(m[0]) + " (" + m[1] + ")").toList());
                }
                json = matches.isEmpty() ? null : matches.getFirst()[2];
            }
            if (json == null) {
                throw new NoSuchPodException(StateMessages.noSuch("pod", nameOrId, namespace));
            }
            return StateJson.readPodConfig(json, "pod " + nameOrId);
        });
    }

    @Override
    public synchronized List<PodConfig> allPods() {
        return read(() -> rows("SELECT p.ID, p.JSON FROM PodConfig p WHERE" + IN_NS.formatted("p") + POD_ORDER, 2,
                namespace, namespace).stream()
                .map(r -> StateJson.readPodConfig(r[1], "pod " + r[0]))
                .toList());
    }

    @Override
    public synchronized PodState podState(String podId) {
        return read(() -> {
            String json = one("SELECT JSON FROM PodState WHERE ID = ?", podId);
            if (json == null) {
                throw new NoSuchPodException("no pod with id " + podId);
            }
            return StateJson.readPodState(json, "state of pod " + podId);
        });
    }

    @Override
    public synchronized void savePodState(String podId, PodState state) {
        Objects.requireNonNull(state, "state");
        String json = StateJson.write(state);
        int n = autocommit(() -> update("UPDATE PodState SET InfraContainerID = ?, JSON = ? WHERE ID = ?",
                state.infraContainerId(), json, podId));
        if (n == 0) {
            throw new NoSuchPodException("no pod with id " + podId);
        }
    }

    @Override
    public synchronized List<ContainerConfig> podContainers(String podId) {
        return read(() -> {
            requirePodName(podId);
            return rows("SELECT c.ID, c.JSON FROM ContainerConfig c WHERE c.PodID = ?" + CTR_ORDER, 2, podId).stream()
                    .map(r -> StateJson.readContainerConfig(r[1], "container " + r[0]))
                    .toList();
        });
    }

    // ---- containers

    @Override
    public synchronized void addContainer(ContainerConfig config, ContainerState state) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(state, "state");
        write(() -> {
            claim(config.id(), config.name(), "container");
            if (config.podId() != null && one("SELECT ID FROM PodConfig WHERE ID = ?", config.podId()) == null) {
                throw new NoSuchPodException("cannot add container " + config.name() + ": its pod " + config.podId()
                        + " does not exist");
            }
            java.util.Set<String> deps = new java.util.LinkedHashSet<>(config.allDependencies());
            for (String dep : deps) {
                List<String[]> d = rows("SELECT Name, PodID FROM ContainerConfig WHERE ID = ?", 2, dep);
                if (d.isEmpty()) {
                    throw new NoSuchContainerException("cannot add container " + config.name() + ": it depends on "
                            + "container " + dep + ", which does not exist");
                }
                if (config.podId() != null && !config.podId().equals(d.getFirst()[1])) {
                    throw StateMessages.depInOtherPod(config.name(), config.podId(), d.getFirst()[0], d.getFirst()[1]);
                }
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO ContainerConfig (ID, Name, Namespace,"
                    + " PodID, CreatedSec, CreatedNano, JSON) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, config.id());
                ps.setString(2, config.name());
                ps.setString(3, config.namespace());
                ps.setString(4, config.podId());
                ps.setLong(5, config.created().getEpochSecond());
                ps.setInt(6, config.created().getNano());
                ps.setString(7, StateJson.write(config));
                ps.executeUpdate();
            }
            insertContainerState(config.id(), state);
            for (String dep : deps) {
                update("INSERT INTO ContainerDependency (ID, DependencyID) VALUES (?, ?)", config.id(), dep);
            }
            return null;
        });
    }

    @Override
    public synchronized void removeContainer(String containerId) {
        write(() -> {
            String name = one("SELECT Name FROM ContainerConfig WHERE ID = ?", containerId);
            if (name == null) {
                throw new NoSuchContainerException("no container with id " + containerId);
            }
            List<String[]> deps = rows("SELECT c.ID, c.Name FROM ContainerDependency d JOIN ContainerConfig c"
                    + " ON c.ID = d.ID WHERE d.DependencyID = ?" + CTR_ORDER, 2, containerId);
            if (!deps.isEmpty()) {
                throw StateMessages.hasDependents(name,
                        deps.stream().map(d -> d[1] + " (" + Ids.shortId(d[0]) + ")").toList());
            }
            update("DELETE FROM ContainerDependency WHERE ID = ?", containerId);
            update("DELETE FROM ContainerConfig WHERE ID = ?", containerId);
            update("DELETE FROM IDNamespace WHERE ID = ?", containerId);
            return null;
        });
    }

    @Override
    public synchronized Optional<ContainerConfig> container(String containerId) {
        return read(() -> Optional.ofNullable(one("SELECT JSON FROM ContainerConfig WHERE ID = ?", containerId))
                .map(json -> StateJson.readContainerConfig(json, "container " + containerId)));
    }

    @Override
    public synchronized ContainerConfig lookupContainer(String nameOrId) {
        requireQuery(nameOrId, "container");
        return read(() -> {
            String ns = IN_NS.formatted("c");
            String json = one("SELECT c.JSON FROM ContainerConfig c WHERE c.Name = ? AND" + ns, nameOrId, namespace,
                    namespace);
            if (json == null && Ids.isFullId(nameOrId)) {
                json = one("SELECT c.JSON FROM ContainerConfig c WHERE c.ID = ? AND" + ns, nameOrId, namespace,
                        namespace);
            }
            if (json == null && Ids.isIdPrefix(nameOrId)) {
                List<String[]> matches = rows("SELECT c.ID, c.Name, c.JSON FROM ContainerConfig c WHERE c.ID GLOB ?"
                        + " AND" + ns + CTR_ORDER, 3, nameOrId + "*", namespace, namespace);
                if (matches.size() > 1) {
                    throw StateMessages.ambiguous("container", nameOrId,
                            matches.stream().map(m -> Ids.shortId(m[0]) + " (" + m[1] + ")").toList());
                }
                json = matches.isEmpty() ? null : matches.getFirst()[2];
            }
            if (json == null) {
                throw new NoSuchContainerException(StateMessages.noSuch("container", nameOrId, namespace));
            }
            return StateJson.readContainerConfig(json, "container " + nameOrId);
        });
    }

    @Override
    public synchronized List<ContainerConfig> allContainers() {
        return read(() -> rows("SELECT c.ID, c.JSON FROM ContainerConfig c WHERE" + IN_NS.formatted("c") + CTR_ORDER,
                2, namespace, namespace).stream()
                .map(r -> StateJson.readContainerConfig(r[1], "container " + r[0]))
                .toList());
    }

    @Override
    public synchronized ContainerState containerState(String containerId) {
        return read(() -> {
            String json = one("SELECT JSON FROM ContainerState WHERE ID = ?", containerId);
            if (json == null) {
                throw new NoSuchContainerException("no container with id " + containerId);
            }
            return StateJson.readContainerRunState(json, "state of container " + containerId);
        });
    }

    @Override
    public synchronized void saveContainerState(String containerId, ContainerState state) {
        Objects.requireNonNull(state, "state");
        String json = StateJson.write(state);
        int n = autocommit(() -> update("UPDATE ContainerState SET State = ?, ExitCode = ?, JSON = ? WHERE ID = ?",
                state.state().name(), state.exitCode(), json, containerId));
        if (n == 0) {
            throw new NoSuchContainerException("no container with id " + containerId);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws NoSuchContainerException if the container does not exist
     */
    @Override
    public synchronized List<String> dependents(String containerId) {
        return read(() -> {
            if (one("SELECT ID FROM ContainerConfig WHERE ID = ?", containerId) == null) {
                throw new NoSuchContainerException("no container with id " + containerId);
            }
            return ids("SELECT c.ID FROM ContainerDependency d JOIN ContainerConfig c ON c.ID = d.ID"
                    + " WHERE d.DependencyID = ?" + CTR_ORDER, containerId);
        });
    }

    @Override
    public synchronized boolean nameOrIdTaken(String nameOrId) {
        return nameOrId != null && autocommit(() ->
                one("SELECT ID FROM IDNamespace WHERE ID = ? OR Name = ? LIMIT 1", nameOrId, nameOrId) != null);
    }

    /** Closes the connection; later calls fail with {@link IllegalStateException}. Idempotent. */
    @Override
    public synchronized void close() {
        if (conn == null) {
            return;
        }
        try {
            conn.close();
        } catch (SQLException e) {
            throw translate(file, "close", e);
        } finally {
            conn = null;
        }
    }

    // ---- transactions and statements (callers hold the monitor)

    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    <T> T write(Work<T> work) {
        return transaction("BEGIN IMMEDIATE", work);
    }

    <T> T read(Work<T> work) {
        return transaction("BEGIN DEFERRED", work);
    }

    private <T> T transaction(String begin, Work<T> work) {
        requireOpen();
        try (Statement st = conn.createStatement()) {
            st.execute(begin);
            boolean done = false;
            try {
                T result = work.run();
                st.execute("COMMIT");
                done = true;
                return result;
            } finally {
                if (!done) {
                    try {
                        st.execute("ROLLBACK");
                    } catch (SQLException ignored) {
                        // the transaction may already be gone (SQLite rolls back on some errors)
                    }
                }
            }
        } catch (SQLException e) {
            throw translate(file, begin.startsWith("BEGIN IMMEDIATE") ? "write" : "read", e);
        }
    }

    /** One statement in SQLite's own implicit transaction. */
    private <T> T autocommit(Work<T> work) {
        requireOpen();
        try {
            return work.run();
        } catch (SQLException e) {
            throw translate(file, "access", e);
        }
    }

    private void requireOpen() {
        if (conn == null) {
            throw new IllegalStateException("the state database " + file + " is closed");
        }
    }

    private void claim(String id, String name, String kind) throws SQLException {
        List<String[]> taken = rows("SELECT ID, Name, Kind FROM IDNamespace WHERE ID = ? OR Name = ?", 3, id, name);
        for (String[] t : taken) {
            if (t[0].equals(id)) {
                throw new AlreadyExistsException(StateMessages.idTaken(kind, id, t[2]));
            }
        }
        for (String[] t : taken) {
            throw new AlreadyExistsException(StateMessages.nameTaken(kind, name, t[2], t[0]));
        }
        update("INSERT INTO IDNamespace (ID, Name, Kind) VALUES (?, ?, ?)", id, name, kind);
    }

    private String requirePodName(String podId) throws SQLException {
        String name = one("SELECT Name FROM PodConfig WHERE ID = ?", podId);
        if (name == null) {
            throw new NoSuchPodException("no pod with id " + podId);
        }
        return name;
    }

    private void deletePod(String podId) throws SQLException {
        update("DELETE FROM PodConfig WHERE ID = ?", podId);
        update("DELETE FROM IDNamespace WHERE ID = ?", podId);
    }

    private void insertContainerState(String id, ContainerState state) throws SQLException {
        update("INSERT INTO ContainerState (ID, State, ExitCode, JSON) VALUES (?, ?, ?, ?)", id, state.state().name(),
                state.exitCode(), StateJson.write(state));
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement ps = conn.prepareStatement(sql);
        try {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps;
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
    }

    int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(sql, args)) {
            return ps.executeUpdate();
        }
    }

    /** The first column of the first row, or null. */
    String one(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private List<String> ids(String sql, Object... args) throws SQLException {
        return rows(sql, 1, args).stream().map(r -> r[0]).toList();
    }

    List<String[]> rows(String sql, int columns, Object... args) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = rs.getString(i + 1);
                }
                out.add(row);
            }
        }
        return out;
    }

    private static void requireQuery(String nameOrId, String kind) {
        if (nameOrId == null || nameOrId.isEmpty()) {
            throw new InvalidArgumentException("a " + kind + " name or id is required, got an empty one");
        }
    }

    private static PeapodException translate(Path file, String what, SQLException e) {
        if (e instanceof SQLiteException se) {
            SQLiteErrorCode code = se.getResultCode();
            switch (code.code & 0xff) {
                case 11, 26 -> { // SQLITE_CORRUPT, SQLITE_NOTADB
                    return new StateCorruptException("the state database " + file + " is damaged or not a database ("
                            + e.getMessage() + "); move it away to start afresh", e);
                }
                case 19 -> { // SQLITE_CONSTRAINT: a check raced past ours; should not happen under BEGIN IMMEDIATE
                    if (code.code == 787) { // SQLITE_CONSTRAINT_FOREIGNKEY
                        return new InUseException("the state database " + file + " refused the change because other"
                                + " objects still refer to it: " + e.getMessage(), e);
                    }
                    return new AlreadyExistsException("the state database " + file + " refused the change: "
                            + e.getMessage(), e);
                }
                case 5, 6 -> { // SQLITE_BUSY, SQLITE_LOCKED
                    return new PeapodException("the state database " + file + " is locked by another process"
                            + " (waited up to " + BUSY_TIMEOUT_MS / 1000 + " s): check for a hung peapod process", e);
                }
                default -> {
                }
            }
        }
        return new PeapodException("cannot " + what + " the state database " + file + ": " + e.getMessage(), e);
    }
}
