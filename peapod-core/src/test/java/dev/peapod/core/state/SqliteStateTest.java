package dev.peapod.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.AlreadyExistsException;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.define.NoSuchPodException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.define.StateCorruptException;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStateTest extends StateContractTest {
    @TempDir
    Path dir;

    Path db() {
        return dir.resolve("state").resolve("peapod.db");
    }

    @Override
    protected State newState(String namespace) {
        return SqliteState.open(db(), namespace);
    }

    @Test
    void dataSurvivesReopen() {
        PodConfig p = fullPod();
        state.addPod(p, new PodState("/cg", ""));
        ContainerConfig dep = ContainerConfig.builder().name("dep").namespace("ns1").podId(p.id()).created(T0).build();
        state.addContainer(dep, ContainerState.configured());
        ContainerConfig c = fullCtr(p, dep.id());
        state.addContainer(c, fullRunState());
        state.close();
        try (SqliteState again = SqliteState.open(db(), "")) {
            assertThat(again.pod(p.id())).contains(p);
            assertThat(again.podState(p.id())).isEqualTo(new PodState("/cg", ""));
            assertThat(again.container(c.id())).contains(c);
            assertThat(again.containerState(c.id())).isEqualTo(fullRunState());
            assertThat(again.dependents(dep.id())).containsExactly(c.id());
            assertThat(again.schemaVersion()).isEqualTo(SqliteMigrations.ALL.size());
        }
    }

    @Test
    void databaseUsesWalForeignKeysAndIndexedColumns() throws Exception {
        PodConfig p = pod("p");
        state.addPod(p, PodState.empty().withInfraContainerId("i"));
        try (var conn = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement st = conn.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("wal");
            }
            try (ResultSet rs = st.executeQuery("SELECT Name, Namespace, Kind FROM PodConfig JOIN IDNamespace USING (ID, Name)")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("p");
                assertThat(rs.getString(3)).isEqualTo("pod");
            }
            try (ResultSet rs = st.executeQuery("SELECT InfraContainerID FROM PodState")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("i");
            }
        }
    }

    @Test
    void newerSchemaIsRefused() throws Exception {
        state.close();
        try (var conn = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement st = conn.createStatement()) {
            st.execute("INSERT INTO SchemaVersion VALUES (99, 'V99__future.sql', '2030-01-01T00:00:00Z')");
        }
        assertThatThrownBy(() -> SqliteState.open(db(), ""))
                .isInstanceOf(StateCorruptException.class)
                .hasMessageContaining("99")
                .hasMessageContaining("upgrade peapod");
    }

    @Test
    void migrationsRunInOrderOnceAndAreRecorded() throws Exception {
        PodConfig p = pod("before-upgrade");
        state.addPod(p, PodState.empty());
        state.close();
        java.util.List<String> upgraded = java.util.List.of("V1__init.sql", "V2__volumes.sql", "V3__test_only.sql");
        try (SqliteState v2 = SqliteState.open(db(), "", upgraded)) {
            assertThat(v2.schemaVersion()).isEqualTo(3);
            assertThat(v2.pod(p.id())).contains(p);
        }
        try (SqliteState again = SqliteState.open(db(), "", upgraded)) {
            assertThat(again.schemaVersion()).isEqualTo(3);
        }
        try (var conn = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement st = conn.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT ID FROM TestOnly")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(p.id());
                assertThat(rs.next()).isFalse();
            }
            try (ResultSet rs = st.executeQuery("SELECT group_concat(Version || ':' || Name, ' ') FROM"
                    + " (SELECT * FROM SchemaVersion ORDER BY Version)")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("1:V1__init.sql 2:V2__volumes.sql 3:V3__test_only.sql");
            }
        }
        assertThatThrownBy(() -> SqliteState.open(db(), "")).isInstanceOf(StateCorruptException.class)
                .hasMessageContaining("schema version 3").hasMessageContaining("upgrade peapod");
    }

    @Test
    void notADatabaseIsRefused() throws Exception {
        Path junk = dir.resolve("junk.db");
        Files.writeString(junk, "this is not sqlite, just some text that is long enough to fill a header".repeat(20));
        assertThatThrownBy(() -> SqliteState.open(junk, "")).isInstanceOf(StateCorruptException.class)
                .hasMessageContaining(junk.toString());
        assertThat(openDescriptorsOn(junk)).as("a refused file is not left open").isZero();
    }

    @Test
    void someOtherSqliteDatabaseIsRefusedAndItsTablesKept() throws Exception {
        Path other = dir.resolve("other.db");
        try (var conn = DriverManager.getConnection("jdbc:sqlite:" + other);
                Statement st = conn.createStatement()) {
            st.execute("CREATE TABLE Recipes (Name TEXT)");
        }
        assertThatThrownBy(() -> SqliteState.open(other, "")).isInstanceOf(StateCorruptException.class)
                .hasMessageContaining("not a peapod state database");
        assertThat(openDescriptorsOn(other)).as("a refused database is not left open").isZero();
        try (var conn = DriverManager.getConnection("jdbc:sqlite:" + other);
                Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT group_concat(name) FROM sqlite_master WHERE type = 'table'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("Recipes");
        }
    }

    @Test
    void unreadableJsonIsReportedAsCorrupt() throws Exception {
        PodConfig p = pod("p");
        state.addPod(p, PodState.empty());
        try (var conn = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement st = conn.createStatement()) {
            st.execute("UPDATE PodConfig SET JSON = '{\"id\": 5' ");
        }
        assertThatThrownBy(() -> state.pod(p.id())).isInstanceOf(StateCorruptException.class)
                .hasMessageContaining(p.id());
    }

    @Test
    void migrationStatementsAreSplitCleanly() {
        var statements = SqliteMigrations.statements("V1__init.sql");
        assertThat(statements).allSatisfy(s -> assertThat(s).endsWith(";").doesNotContain("--"));
        assertThat(statements).anySatisfy(s -> assertThat(s).startsWith("CREATE TABLE IDNamespace"));
    }

    @Test
    void twoConnectionsWritingAtOnceBothSucceed() throws Exception {
        State other = open("");
        int n = 40;
        try (var ex = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            var a = ex.submit(() -> {
                for (int i = 0; i < n; i++) {
                    state.addPod(pod("a" + i), PodState.empty());
                }
                return null;
            });
            var b = ex.submit(() -> {
                for (int i = 0; i < n; i++) {
                    other.addContainer(ContainerConfig.builder().name("b" + i).build(), ContainerState.configured());
                }
                return null;
            });
            a.get(2, TimeUnit.MINUTES);
            b.get(2, TimeUnit.MINUTES);
        }
        assertThat(other.allPods()).hasSize(n);
        assertThat(state.allContainers()).hasSize(n);
    }

    // ---- closing, waiting and failing

    /** How many of this process's file descriptors are open on {@code file}. */
    private static long openDescriptorsOn(Path file) throws java.io.IOException {
        Path real = file.toRealPath();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (java.io.IOException gone) {
                    return false;
                }
            }).count();
        }
    }

    @Test
    void everyOperationOnAClosedStateIsRefusedWithIllegalStateException() {
        PodConfig p = pod("p");
        state.addPod(p, PodState.empty());
        ContainerConfig c = ctrIn("c", p);
        state.addContainer(c, ContainerState.configured());
        SqliteState s = (SqliteState) state;
        s.close();
        s.close(); // idempotent
        List<Consumer<SqliteState>> calls = List.of(
                x -> x.addPod(pod("q"), PodState.empty()),
                x -> x.removePod(p.id()),
                x -> x.removePodAndContainers(p.id()),
                x -> x.pod(p.id()),
                x -> x.lookupPod("p"),
                x -> x.allPods(),
                x -> x.podState(p.id()),
                x -> x.savePodState(p.id(), PodState.empty()),
                x -> x.podContainers(p.id()),
                x -> x.addContainer(ctr("d"), ContainerState.configured()),
                x -> x.removeContainer(c.id()),
                x -> x.container(c.id()),
                x -> x.lookupContainer("c"),
                x -> x.allContainers(),
                x -> x.containerState(c.id()),
                x -> x.saveContainerState(c.id(), ContainerState.configured()),
                x -> x.dependents(c.id()),
                x -> x.nameOrIdTaken("p"),
                x -> x.nameOrIdTaken(null),
                SqliteState::schemaVersion);
        for (Consumer<SqliteState> call : calls) {
            assertThatThrownBy(() -> call.accept(s)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is closed").hasMessageContaining(db().toString());
        }
        assertThat(s.file()).isEqualTo(db());
    }

    @Test
    void closeReleasesTheDatabaseFile() throws Exception {
        state.addPod(pod("p"), PodState.empty());
        Path wal = db().resolveSibling("peapod.db-wal");
        assertThat(wal).as("an open connection in WAL mode keeps a write-ahead log").exists();
        state.close();
        // SQLite checkpoints and deletes the log when the last connection to the file closes
        assertThat(wal).doesNotExist();
        try (SqliteState again = SqliteState.open(db(), "")) {
            assertThat(again.allPods()).extracting(PodConfig::name).containsExactly("p");
        }
    }

    @Test
    void theConnectionWaitsForOtherWritersAsLongAsDocumented() {
        assertThat(((SqliteState) state).busyTimeoutMs()).isEqualTo(SqliteState.BUSY_TIMEOUT_MS);
    }

    @Test
    void aWriteQueuesBehindAnotherProcessesTransactionInsteadOfFailing() throws Exception {
        state.addPod(pod("first"), PodState.empty());
        try (var other = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement st = other.createStatement();
                var ex = Executors.newVirtualThreadPerTaskExecutor()) {
            st.execute("BEGIN IMMEDIATE");
            st.execute("UPDATE PodState SET InfraContainerID = 'held'");
            CountDownLatch started = new CountDownLatch(1);
            Future<?> write = ex.submit(() -> {
                started.countDown();
                state.addPod(pod("second"), PodState.empty());
                return null;
            });
            assertThat(started.await(1, TimeUnit.MINUTES)).isTrue();
            Thread.sleep(300); // let the write reach SQLite's lock (if it has not, the test only proves less)
            assertThat(write).isNotDone();
            st.execute("COMMIT");
            write.get(1, TimeUnit.MINUTES);
        }
        assertThat(state.allPods()).extracting(PodConfig::name).containsExactly("first", "second");
    }

    @Test
    void aStatementFailingInsideAWriteUndoesTheWholeWriteAndLeavesTheStateUsable() throws Exception {
        PodConfig p = pod("p");
        state.addPod(p, PodState.empty());
        ContainerConfig a = ctrIn("a", p);
        ContainerConfig b = ContainerConfig.builder().name("b").podId(p.id()).dependsOn(a.id()).build();
        state.addContainer(a, ContainerState.configured());
        state.addContainer(b, ContainerState.configured());
        // the pod's row cannot be deleted, after its containers' rows already were, in the same transaction
        try (var conn = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement st = conn.createStatement()) {
            st.execute("CREATE TRIGGER Sabotage BEFORE DELETE ON PodConfig BEGIN"
                    + " INSERT INTO NoSuchTable VALUES (OLD.ID); END");
        }
        assertThatThrownBy(() -> state.removePodAndContainers(p.id()))
                .isExactlyInstanceOf(PeapodException.class)
                .hasMessageContaining("cannot write the state database " + db())
                .hasMessageContaining("NoSuchTable");
        assertThat(state.podContainers(p.id())).containsExactly(a, b);
        assertThat(state.dependents(a.id())).containsExactly(b.id());
        assertThat(state.nameOrIdTaken("a")).isTrue();
        assertThat(state.containerState(b.id())).isEqualTo(ContainerState.configured());
        state.addPod(pod("after"), PodState.empty()); // no transaction was left open
        try (var conn = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement st = conn.createStatement()) {
            st.execute("DROP TRIGGER Sabotage");
        }
        state.removePodAndContainers(p.id());
        assertThat(state.pod(p.id())).isEmpty();
        assertThat(state.nameOrIdTaken("a")).isFalse();
    }

    @Test
    void aFailedAutocommitWriteNamesTheFileAndTheStateStaysUsable() throws Exception {
        PodConfig p = pod("p");
        state.addPod(p, PodState.empty());
        try (var conn = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement st = conn.createStatement()) {
            st.execute("CREATE TRIGGER Sabotage BEFORE UPDATE ON PodState BEGIN"
                    + " INSERT INTO NoSuchTable VALUES (OLD.ID); END");
        }
        assertThatThrownBy(() -> state.savePodState(p.id(), new PodState("/cg", "")))
                .isExactlyInstanceOf(PeapodException.class)
                .hasMessageContaining("cannot access the state database " + db());
        try (var conn = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement st = conn.createStatement()) {
            st.execute("DROP TRIGGER Sabotage");
        }
        assertThat(state.podState(p.id())).isEqualTo(PodState.empty()); // (a read transaction reloads the schema)
        state.savePodState(p.id(), new PodState("/cg", ""));
        assertThat(state.podState(p.id())).isEqualTo(new PodState("/cg", ""));
        assertThatThrownBy(() -> state.savePodState("f".repeat(64), PodState.empty()))
                .isInstanceOf(NoSuchPodException.class);
        assertThatThrownBy(() -> state.saveContainerState("f".repeat(64), ContainerState.configured()))
                .isInstanceOf(NoSuchContainerException.class);
    }

    @Test
    void aMigrationFailingHalfWayLeavesTheOlderSchemaWhole() throws Exception {
        PodConfig p = pod("kept");
        state.addPod(p, PodState.empty());
        state.close();
        assertThatThrownBy(() -> SqliteState.open(db(), "", List.of("V1__init.sql", "V2__volumes.sql", "V2__test_broken.sql")))
                .isInstanceOf(PeapodException.class).hasMessageContaining("NoSuchTable");
        assertThat(openDescriptorsOn(db())).as("a failed open leaves no connection behind").isZero();
        try (var conn = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'HalfDone'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        try (SqliteState again = SqliteState.open(db(), "")) {
            assertThat(again.schemaVersion()).isEqualTo(2);
            assertThat(again.pod(p.id())).contains(p);
        }
    }

    @Test
    void aFreshFileGetsEveryMigrationAndAParentDirectory() {
        Path deep = dir.resolve("a/b/c/fresh.db");
        try (SqliteState fresh = SqliteState.open(deep, null)) {
            assertThat(fresh.schemaVersion()).isEqualTo(SqliteMigrations.ALL.size());
            assertThat(fresh.namespace()).isEmpty();
            assertThat(fresh.file()).isEqualTo(deep.toAbsolutePath());
        }
    }

    @Test
    void aDatabaseUnderARegularFileCannotBeOpenedAndSaysWhere() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        assertThatThrownBy(() -> SqliteState.open(file.resolve("peapod.db"), ""))
                .isExactlyInstanceOf(PeapodException.class)
                .hasMessageContaining("cannot open the state database " + file.resolve("peapod.db"));
    }

    @Test
    void aMigrationWithoutItsFinalSemicolonOrMissingFromTheBuildIsABuildError() {
        assertThatThrownBy(() -> SqliteMigrations.statements("V0__missing.sql"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing from the build");
        assertThatThrownBy(() -> SqliteMigrations.statements("V0__no_semicolon.sql"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ends without a semicolon");
        assertThat(SqliteMigrations.statements("V3__test_only.sql")).containsExactly(
                "CREATE TABLE TestOnly (ID TEXT NOT NULL PRIMARY KEY REFERENCES PodConfig (ID));",
                "INSERT INTO TestOnly (ID) SELECT ID FROM PodConfig;");
    }

    @Test
    void aNameThatLooksLikeAnIdIsFoundByNameFirst() {
        String idLike = Ids.newId();
        ContainerConfig c = ctr(idLike);
        state.addContainer(c, ContainerState.configured());
        assertThat(state.lookupContainer(idLike).id()).isEqualTo(c.id()).isNotEqualTo(idLike);
        assertThat(state.lookupContainer(c.id()).name()).isEqualTo(idLike);
        String podIdLike = Ids.newId();
        PodConfig p = pod(podIdLike);
        state.addPod(p, new PodState("/cg", ""));
        assertThat(state.lookupPod(podIdLike).id()).isEqualTo(p.id()).isNotEqualTo(podIdLike);
        assertThat(state.lookupPod(p.id()).name()).isEqualTo(podIdLike);
    }

    @Test
    void aRenamedContainerIsFoundUnderItsNewNameOnlyAndANameInUseIsRefused() {
        ContainerConfig c = ctr("before");
        state.addContainer(c, ContainerState.configured());
        state.addPod(pod("taken"), new PodState("/cg", ""));
        state.renameContainer(c.toBuilder().name("after").build());
        assertThat(state.lookupContainer("after").id()).isEqualTo(c.id());
        assertThat(state.container(c.id()).orElseThrow().name()).isEqualTo("after");
        assertThatThrownBy(() -> state.lookupContainer("before")).isInstanceOf(NoSuchContainerException.class);
        assertThatThrownBy(() -> state.renameContainer(c.toBuilder().name("taken").build()))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("taken");
        assertThat(state.lookupContainer("after").id()).as("unchanged by the refused rename").isEqualTo(c.id());
        ContainerConfig unknown = ctr("ghost");
        assertThatThrownBy(() -> state.renameContainer(unknown)).isInstanceOf(NoSuchContainerException.class);
    }
}
