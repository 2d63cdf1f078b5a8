package dev.peapod.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connection's settings and what a transaction hands back. */
class SqliteDbTest {
    @TempDir
    Path dir;

    @Test
    void aNewFileIsPutInWalModeSoReadersDoNotWaitForAWriter() throws Exception {
        Path file = dir.resolve("fresh.db");
        try (SqliteDb db = SqliteDb.open(file)) {
            db.write(() -> {
                db.execute("CREATE TABLE T (X INTEGER)");
                return null;
            });
        }
        // the journal mode is a property of the file: another connection sees it
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
        try (SqliteDb again = SqliteDb.open(file)) {
            assertThat(again.read(() -> again.one("PRAGMA journal_mode"))).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void aTransactionReturnsWhatItsWorkReturns() {
        try (SqliteDb db = SqliteDb.open(dir.resolve("r.db"))) {
            assertThat(db.write(() -> db.one("SELECT 6 * 7"))).isEqualTo("42");
            assertThat(db.read(() -> db.one("SELECT 'read'"))).isEqualTo("read");
            assertThat(db.autocommit(() -> db.one("SELECT 'auto'"))).isEqualTo("auto");
        }
    }

    @Test
    void aConnectionThatFailsToCloseIsRecordedOnTheFailureThatClosedIt() {
        SQLException closing = new SQLException("disk gone");
        Connection failing = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        throw closing;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        Exception cause = new SQLException("open failed");
        SqliteDb.closeQuietly(failing, cause);
        assertThat(cause.getSuppressed()).containsExactly(closing);
        Exception none = new SQLException("no connection yet");
        SqliteDb.closeQuietly(null, none);
        assertThat(none.getSuppressed()).isEmpty();
    }
}
