package dev.peapod.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema's versions: which ones count as newer, and two processes migrating one fresh file at once. */
class SqliteMigrationsTest {
    @TempDir
    Path dir;

    @Test
    void onlyAVersionAboveTheKnownOnesIsNewer() {
        assertThat(SqliteMigrations.newer(3, 2)).isTrue();
        assertThat(SqliteMigrations.newer(2, 2)).as("the version this peapod writes").isFalse();
        assertThat(SqliteMigrations.newer(0, 2)).isFalse();
    }

    @Test
    void aFileAnotherProcessMigratedMeanwhileIsNeitherRefusedNorMigratedTwice() throws Exception {
        Path file = dir.resolve("peapod.db");
        try (SqliteDb first = SqliteDb.open(file); SqliteDb second = SqliteDb.open(file)) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            // the other process: holds the write lock while the migration below reads version 0, then migrates
            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> second.write(() -> {
                holding.countDown();
                try {
                    assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                second.execute("CREATE TABLE SchemaVersion (Version INTEGER NOT NULL PRIMARY KEY,"
                        + " Name TEXT NOT NULL, Applied TEXT NOT NULL)");
                for (int i = 0; i < SqliteMigrations.ALL.size(); i++) {
                    for (String sql : SqliteMigrations.statements(SqliteMigrations.ALL.get(i))) {
                        second.execute(sql);
                    }
                    second.update("INSERT INTO SchemaVersion VALUES (?, ?, 'then')", i + 1, SqliteMigrations.ALL.get(i));
                }
                return null;
            }));
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            SqliteMigrations m = new SqliteMigrations(first, SqliteMigrations.ALL);
            assertThat(m.version()).as("read while the other holds the write lock").isZero();
            CompletableFuture<Void> mine = CompletableFuture.runAsync(m::migrate);
            release.countDown();
            other.get(30, TimeUnit.SECONDS);
            mine.get(30, TimeUnit.SECONDS);
            assertThat(m.version()).isEqualTo(SqliteMigrations.ALL.size());
            assertThat(first.read(() -> first.one("SELECT count(*) FROM SchemaVersion WHERE Applied = 'then'")))
                    .as("every version recorded once, by the other").isEqualTo(String.valueOf(SqliteMigrations.ALL.size()));
            assertThat(first.read(() -> first.one("SELECT count(*) FROM SchemaVersion"))).isEqualTo(
                    String.valueOf(SqliteMigrations.ALL.size()));
        }
    }
}
