package dev.peapod.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
            assertThat(again.schemaVersion()).isEqualTo(SqliteState.MIGRATIONS.size());
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
        var statements = SqliteState.statements("V1__init.sql");
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
            a.get();
            b.get();
        }
        assertThat(other.allPods()).hasSize(n);
        assertThat(state.allContainers()).hasSize(n);
    }
}
