package dev.peapod.core.state;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.define.AlreadyExistsException;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InUseException;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.define.NoSuchPodException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.define.StateCorruptException;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodState;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link State} kept in one SQLite file, shared by every peapod process on the host.
 *
 * <p>The database runs in WAL mode with {@code synchronous=FULL} and foreign keys on. Every write is
 * one {@code BEGIN IMMEDIATE} transaction, so writers from several processes queue on SQLite's lock
 * (waiting up to {@link #BUSY_TIMEOUT_MS}) instead of failing, and the checks a write makes (name
 * free, dependencies present, nothing depends on it) see the same data as the write itself. Reads
 * that need several statements run in one read transaction and so see one snapshot. A write that
 * fails part-way leaves nothing of itself behind.
 *
 * <p>Each instance holds one JDBC connection ({@link SqliteDb}); its methods are synchronised on the
 * instance. The schema is versioned: {@link #open} applies the missing migrations
 * ({@link SqliteMigrations}) in one transaction and refuses a database written by a newer peapod.
 * After {@link #close()} every method throws {@link IllegalStateException}.
 */
public final class SqliteState implements State {

    /** How long a statement waits for another process's write transaction before failing. */
    public static final int BUSY_TIMEOUT_MS = 100_000;

    private static final String CTR_ORDER = " ORDER BY c.CreatedSec, c.CreatedNano, c.rowid";
    private static final String POD_ORDER = " ORDER BY p.CreatedSec, p.CreatedNano, p.rowid";
    private static final String IN_NS = " (? = '' OR %s.Namespace = ?)";

    private final String namespace;
    private final SqliteDb db;
    private final SqliteMigrations schema;

    private SqliteState(String namespace, SqliteDb db, SqliteMigrations schema) {
        this.namespace = namespace;
        this.db = db;
        this.volumes = new SqliteVolumeStore(this, db);
        this.schema = schema;
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
        return open(dbFile, namespace, SqliteMigrations.ALL);
    }

    /** {@link #open(Path, String)} with another list of migrations, for testing upgrades. */
    static SqliteState open(Path dbFile, String namespace, List<String> migrations) {
        Objects.requireNonNull(dbFile, "dbFile");
        String ns = Objects.requireNonNullElse(namespace, "");
        SqliteDb db = SqliteDb.open(dbFile.toAbsolutePath());
        try {
            SqliteMigrations schema = new SqliteMigrations(db, migrations);
            schema.migrate();
            return new SqliteState(ns, db, schema);
        } catch (RuntimeException e) {
            try {
                db.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The database file. */
    public Path file() {
        return db.file();
    }

    private final SqliteVolumeStore volumes;

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
        return schema.version();
    }

    /** How long this connection waits for another writer, in milliseconds, as SQLite reports it. */
    synchronized int busyTimeoutMs() {
        return db.busyTimeoutMs();
    }

    // ---- pods

    @Override
    public synchronized void addPod(PodConfig config, PodState state) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(state, "state");
        db.write(() -> {
            claim(config.id(), config.name(), "pod");
            db.update("INSERT INTO PodConfig (ID, Name, Namespace, CreatedSec, CreatedNano, JSON)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", config.id(), config.name(), config.namespace(),
                    config.created().getEpochSecond(), config.created().getNano(), StateJson.write(config));
            db.update("INSERT INTO PodState (ID, InfraContainerID, JSON) VALUES (?, ?, ?)", config.id(),
                    state.infraContainerId(), StateJson.write(state));
            return null;
        });
    }

    @Override
    public synchronized void removePod(String podId) {
        db.write(() -> {
            String name = requirePodName(podId);
            List<String> members = db.ids("SELECT c.ID FROM ContainerConfig c WHERE c.PodID = ?" + CTR_ORDER, podId);
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
        db.write(() -> {
            String name = requirePodName(podId);
            List<String> outside = db.ids("SELECT DISTINCT c.ID FROM ContainerDependency d"
                    + " JOIN ContainerConfig c ON c.ID = d.ID"
                    + " JOIN ContainerConfig dep ON dep.ID = d.DependencyID"
                    + " WHERE dep.PodID = ? AND (c.PodID IS NULL OR c.PodID <> ?)" + CTR_ORDER, podId, podId);
            if (!outside.isEmpty()) {
                throw new InUseException("cannot remove pod " + name + ": container(s) outside it "
                        + outside.stream().map(Ids::shortId).toList()
                        + " depend on its containers; remove them first");
            }
            db.update("DELETE FROM ContainerDependency WHERE ID IN (SELECT ID FROM ContainerConfig WHERE PodID = ?)",
                    podId);
            List<String> members = db.ids("SELECT c.ID FROM ContainerConfig c WHERE c.PodID = ?" + CTR_ORDER, podId);
            db.update("DELETE FROM ContainerConfig WHERE PodID = ?", podId);
            for (String id : members) {
                db.update("DELETE FROM IDNamespace WHERE ID = ?", id);
            }
            deletePod(podId);
            return null;
        });
    }

    @Override
    public synchronized Optional<PodConfig> pod(String podId) {
        return db.read(() -> Optional.ofNullable(db.one("SELECT JSON FROM PodConfig WHERE ID = ?", podId))
                .map(json -> StateJson.readPodConfig(json, "pod " + podId)));
    }

    @Override
    public synchronized PodConfig lookupPod(String nameOrId) {
        requireQuery(nameOrId, "pod");
        return db.read(() -> {
            String ns = IN_NS.formatted("p");
            String json = db.one("SELECT p.JSON FROM PodConfig p WHERE p.Name = ? AND" + ns, nameOrId, namespace,
                    namespace);
            if (json == null && Ids.isFullId(nameOrId)) {
                json = db.one("SELECT p.JSON FROM PodConfig p WHERE p.ID = ? AND" + ns, nameOrId, namespace, namespace);
            }
            if (json == null && Ids.isIdPrefix(nameOrId)) {
                List<String[]> matches = db.rows("SELECT p.ID, p.Name, p.JSON FROM PodConfig p WHERE p.ID GLOB ? AND"
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
        return db.read(() -> db.rows("SELECT p.ID, p.JSON FROM PodConfig p WHERE" + IN_NS.formatted("p") + POD_ORDER, 2,
                namespace, namespace).stream()
                .map(r -> StateJson.readPodConfig(r[1], "pod " + r[0]))
                .toList());
    }

    @Override
    public synchronized PodState podState(String podId) {
        return db.read(() -> {
            String json = db.one("SELECT JSON FROM PodState WHERE ID = ?", podId);
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
        int n = db.autocommit(() -> db.update("UPDATE PodState SET InfraContainerID = ?, JSON = ? WHERE ID = ?",
                state.infraContainerId(), json, podId));
        if (n == 0) {
            throw new NoSuchPodException("no pod with id " + podId);
        }
    }

    @Override
    public synchronized List<ContainerConfig> podContainers(String podId) {
        return db.read(() -> {
            requirePodName(podId);
            return db.rows("SELECT c.ID, c.JSON FROM ContainerConfig c WHERE c.PodID = ?" + CTR_ORDER, 2, podId).stream()
                    .map(r -> StateJson.readContainerConfig(r[1], "container " + r[0]))
                    .toList();
        });
    }

    // ---- containers

    @Override
    public synchronized void addContainer(ContainerConfig config, ContainerState state) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(state, "state");
        db.write(() -> {
            claim(config.id(), config.name(), "container");
            if (config.podId() != null && db.one("SELECT ID FROM PodConfig WHERE ID = ?", config.podId()) == null) {
                throw new NoSuchPodException("cannot add container " + config.name() + ": its pod " + config.podId()
                        + " does not exist");
            }
            Set<String> deps = new LinkedHashSet<>(config.allDependencies());
            for (String dep : deps) {
                List<String[]> d = db.rows("SELECT Name, PodID FROM ContainerConfig WHERE ID = ?", 2, dep);
                if (d.isEmpty()) {
                    throw new NoSuchContainerException("cannot add container " + config.name() + ": it depends on "
                            + "container " + dep + ", which does not exist");
                }
                if (config.podId() != null && !config.podId().equals(d.getFirst()[1])) {
                    throw StateMessages.depInOtherPod(config.name(), config.podId(), d.getFirst()[0], d.getFirst()[1]);
                }
            }
            db.update("INSERT INTO ContainerConfig (ID, Name, Namespace, PodID, CreatedSec, CreatedNano, JSON)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)", config.id(), config.name(), config.namespace(), config.podId(),
                    config.created().getEpochSecond(), config.created().getNano(), StateJson.write(config));
            insertContainerState(config.id(), state);
            for (String dep : deps) {
                db.update("INSERT INTO ContainerDependency (ID, DependencyID) VALUES (?, ?)", config.id(), dep);
            }
            return null;
        });
    }

    @Override
    public synchronized void removeContainer(String containerId) {
        db.write(() -> {
            String name = db.one("SELECT Name FROM ContainerConfig WHERE ID = ?", containerId);
            if (name == null) {
                throw new NoSuchContainerException("no container with id " + containerId);
            }
            List<String[]> deps = db.rows("SELECT c.ID, c.Name FROM ContainerDependency d JOIN ContainerConfig c"
                    + " ON c.ID = d.ID WHERE d.DependencyID = ?" + CTR_ORDER, 2, containerId);
            if (!deps.isEmpty()) {
                throw StateMessages.hasDependents(name,
                        deps.stream().map(d -> d[1] + " (" + Ids.shortId(d[0]) + ")").toList());
            }
            db.update("DELETE FROM ContainerDependency WHERE ID = ?", containerId);
            db.update("DELETE FROM ContainerConfig WHERE ID = ?", containerId);
            db.update("DELETE FROM IDNamespace WHERE ID = ?", containerId);
            return null;
        });
    }

    @Override
    public synchronized Optional<ContainerConfig> container(String containerId) {
        return db.read(() -> Optional.ofNullable(db.one("SELECT JSON FROM ContainerConfig WHERE ID = ?", containerId))
                .map(json -> StateJson.readContainerConfig(json, "container " + containerId)));
    }

    @Override
    public synchronized ContainerConfig lookupContainer(String nameOrId) {
        requireQuery(nameOrId, "container");
        return db.read(() -> {
            String ns = IN_NS.formatted("c");
            String json = db.one("SELECT c.JSON FROM ContainerConfig c WHERE c.Name = ? AND" + ns, nameOrId, namespace,
                    namespace);
            if (json == null && Ids.isFullId(nameOrId)) {
                json = db.one("SELECT c.JSON FROM ContainerConfig c WHERE c.ID = ? AND" + ns, nameOrId, namespace,
                        namespace);
            }
            if (json == null && Ids.isIdPrefix(nameOrId)) {
                List<String[]> matches = db.rows("SELECT c.ID, c.Name, c.JSON FROM ContainerConfig c WHERE c.ID GLOB ?"
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
        return db.read(() -> db.rows("SELECT c.ID, c.JSON FROM ContainerConfig c WHERE" + IN_NS.formatted("c") + CTR_ORDER,
                2, namespace, namespace).stream()
                .map(r -> StateJson.readContainerConfig(r[1], "container " + r[0]))
                .toList());
    }

    /** {@inheritDoc} One query: configs joined with their states. */
    @Override
    public synchronized List<ContainerRecord> allContainerRecords() {
        return db.read(() -> containerRecords(db.rows("SELECT c.ID, c.JSON, s.JSON FROM ContainerConfig c"
                + " JOIN ContainerState s ON s.ID = c.ID WHERE" + IN_NS.formatted("c") + CTR_ORDER, 3,
                namespace, namespace)));
    }

    /** {@inheritDoc} One query (and the pod's existence checked in the same read). */
    @Override
    public synchronized List<ContainerRecord> podContainerRecords(String podId) {
        return db.read(() -> {
            requirePodName(podId);
            return containerRecords(db.rows("SELECT c.ID, c.JSON, s.JSON FROM ContainerConfig c"
                    + " JOIN ContainerState s ON s.ID = c.ID WHERE c.PodID = ?" + CTR_ORDER, 3, podId));
        });
    }

    private static List<ContainerRecord> containerRecords(List<String[]> rows) {
        return rows.stream().map(r -> new ContainerRecord(StateJson.readContainerConfig(r[1], "container " + r[0]),
                StateJson.readContainerRunState(r[2], "state of container " + r[0]))).toList();
    }

    /** {@inheritDoc} One query: configs joined with their states. */
    @Override
    public synchronized List<PodRecord> allPodRecords() {
        return db.read(() -> db.rows("SELECT p.ID, p.JSON, s.JSON FROM PodConfig p JOIN PodState s ON s.ID = p.ID"
                + " WHERE" + IN_NS.formatted("p") + POD_ORDER, 3, namespace, namespace).stream()
                .map(r -> new PodRecord(StateJson.readPodConfig(r[1], "pod " + r[0]),
                        StateJson.readPodState(r[2], "state of pod " + r[0])))
                .toList());
    }

    @Override
    public synchronized ContainerState containerState(String containerId) {
        return db.read(() -> {
            String json = db.one("SELECT JSON FROM ContainerState WHERE ID = ?", containerId);
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
        int n = db.autocommit(() -> db.update("UPDATE ContainerState SET State = ?, ExitCode = ?, JSON = ? WHERE ID = ?",
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
        return db.read(() -> {
            if (db.one("SELECT ID FROM ContainerConfig WHERE ID = ?", containerId) == null) {
                throw new NoSuchContainerException("no container with id " + containerId);
            }
            return db.ids("SELECT c.ID FROM ContainerDependency d JOIN ContainerConfig c ON c.ID = d.ID"
                    + " WHERE d.DependencyID = ?" + CTR_ORDER, containerId);
        });
    }

    @Override
    public synchronized boolean nameOrIdTaken(String nameOrId) {
        return db.autocommit(() -> nameOrId != null
                && db.one("SELECT ID FROM IDNamespace WHERE ID = ? OR Name = ? LIMIT 1", nameOrId, nameOrId) != null);
    }

    /** Closes the connection; later calls fail with {@link IllegalStateException}. Idempotent. */
    @Override
    public synchronized void close() {
        db.close();
    }

    // ---- helpers for the writes above (callers hold the monitor and run inside a transaction)

    @Override
    public synchronized void renameContainer(ContainerConfig renamed) {
        Objects.requireNonNull(renamed, "renamed");
        db.write(() -> {
            if (db.one("SELECT ID FROM ContainerConfig WHERE ID = ?", renamed.id()) == null) {
                throw new NoSuchContainerException("no container with id " + renamed.id());
            }
            List<String[]> taken = db.rows("SELECT ID, Kind FROM IDNamespace WHERE Name = ? AND ID <> ?", 2,
                    renamed.name(), renamed.id());
            for (String[] t : taken) {
                throw new AlreadyExistsException(StateMessages.nameTaken("container", renamed.name(), t[1], t[0]));
            }
            db.update("UPDATE IDNamespace SET Name = ? WHERE ID = ?", renamed.name(), renamed.id());
            db.update("UPDATE ContainerConfig SET Name = ?, JSON = ? WHERE ID = ?", renamed.name(),
                    StateJson.write(renamed), renamed.id());
            return null;
        });
    }

    private void claim(String id, String name, String kind) throws SQLException {
        List<String[]> taken = db.rows("SELECT ID, Name, Kind FROM IDNamespace WHERE ID = ? OR Name = ?", 3, id, name);
        for (String[] t : taken) {
            if (t[0].equals(id)) {
                throw new AlreadyExistsException(StateMessages.idTaken(kind, id, t[2]));
            }
        }
        for (String[] t : taken) {
            throw new AlreadyExistsException(StateMessages.nameTaken(kind, name, t[2], t[0]));
        }
        db.update("INSERT INTO IDNamespace (ID, Name, Kind) VALUES (?, ?, ?)", id, name, kind);
    }

    private String requirePodName(String podId) throws SQLException {
        String name = db.one("SELECT Name FROM PodConfig WHERE ID = ?", podId);
        if (name == null) {
            throw new NoSuchPodException("no pod with id " + podId);
        }
        return name;
    }

    private void deletePod(String podId) throws SQLException {
        db.update("DELETE FROM PodConfig WHERE ID = ?", podId);
        db.update("DELETE FROM IDNamespace WHERE ID = ?", podId);
    }

    private void insertContainerState(String id, ContainerState state) throws SQLException {
        db.update("INSERT INTO ContainerState (ID, State, ExitCode, JSON) VALUES (?, ?, ?, ?)", id, state.state().name(),
                state.exitCode(), StateJson.write(state));
    }

    private static void requireQuery(String nameOrId, String kind) {
        if (nameOrId == null || nameOrId.isEmpty()) {
            throw new InvalidArgumentException("a " + kind + " name or id is required, got an empty one");
        }
    }
}
