package dev.peapod.core.state;

import dev.peapod.core.define.PeapodException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * One JDBC connection to a state database file, and the only way {@link SqliteState} touches it: transactions,
 * statements, and SQLite's errors translated into peapod's ({@link SqliteErrors}).
 *
 * <p>Not thread-safe: its owner serialises every call (SqliteState's methods are synchronised on the state). After
 * {@link #close()} every method throws {@link IllegalStateException}.
 */
final class SqliteDb implements AutoCloseable {

    /** The work of one transaction; may throw peapod's exceptions to roll it back. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    private final Path file;
    private Connection conn;

    private SqliteDb(Path file, Connection conn) {
        this.file = file;
        this.conn = conn;
    }

    /**
     * Opens {@code file} (an absolute path; its parent directory is created if missing) in WAL mode with
     * {@code synchronous=FULL}, foreign keys on and a busy timeout of {@link SqliteState#BUSY_TIMEOUT_MS}.
     *
     * @throws dev.peapod.core.define.StateCorruptException if the file is not an SQLite database
     * @throws PeapodException                              if it cannot be opened
     */
    static SqliteDb open(Path file) {
        Connection conn = null;
        try {
            Path parent = file.getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent);
            }
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(SqliteState.BUSY_TIMEOUT_MS);
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
            return new SqliteDb(file, conn);
        } catch (SQLException | IOException e) {
            closeQuietly(conn, e);
            if (e instanceof SQLException se) {
                throw SqliteErrors.translate(file, "open", se);
            }
            throw new PeapodException("cannot open the state database " + file + ": " + e.getMessage(), e);
        }
    }

    /** Closes the connection, recording a failure to do so on {@code cause}. */
    static void closeQuietly(Connection conn, Exception cause) {
        if (conn == null) {
            return;
        }
        try {
            conn.close();
        } catch (SQLException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    Path file() {
        return file;
    }

    /** Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction: committed if it returns, rolled back if it throws. */
    <T> T write(Work<T> work) {
        return transaction("BEGIN IMMEDIATE", "write", work);
    }

    /** Runs {@code work} in one read transaction, so its statements see one snapshot. */
    <T> T read(Work<T> work) {
        return transaction("BEGIN DEFERRED", "read", work);
    }

    private <T> T transaction(String begin, String what, Work<T> work) {
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
                    rollback(st);
                }
            }
        } catch (SQLException e) {
            throw SqliteErrors.translate(file, what, e);
        }
    }

    private static void rollback(Statement st) {
        try {
            st.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // the transaction may already be gone (SQLite rolls back by itself on some errors)
        }
    }

    /** One statement (or a few that need no common snapshot) in SQLite's own implicit transaction. */
    <T> T autocommit(Work<T> work) {
        requireOpen();
        try {
            return work.run();
        } catch (SQLException e) {
            throw SqliteErrors.translate(file, "access", e);
        }
    }

    /** The busy timeout the open connection uses, in milliseconds, as SQLite reports it. */
    int busyTimeoutMs() {
        return Integer.parseInt(autocommit(() -> one("PRAGMA busy_timeout")));
    }

    private void requireOpen() {
        if (conn == null) {
            throw new IllegalStateException("the state database " + file + " is closed");
        }
    }

    /** Closes the connection; idempotent. */
    @Override
    public void close() {
        if (conn == null) {
            return;
        }
        try {
            conn.close();
        } catch (SQLException e) {
            throw SqliteErrors.translate(file, "close", e);
        } finally {
            conn = null;
        }
    }

    // ---- statements, for use inside Work

    /** Runs a DDL or other statement without parameters. */
    void execute(String sql) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        }
    }

    /** Runs an INSERT, UPDATE or DELETE; returns the number of rows changed. */
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

    /** The first column of every row. */
    List<String> ids(String sql, Object... args) throws SQLException {
        return rows(sql, 1, args).stream().map(r -> r[0]).toList();
    }

    /** The first {@code columns} columns of every row, as strings. */
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
}
