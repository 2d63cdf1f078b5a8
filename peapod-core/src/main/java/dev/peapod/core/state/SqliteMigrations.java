package dev.peapod.core.state;

import dev.peapod.core.define.StateCorruptException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The versioned schema of the state database: {@code migrations/V<n>__*.sql} resources applied in order, each
 * recorded in the {@code SchemaVersion} table, all missing ones in one write transaction.
 */
final class SqliteMigrations {

    /** The migrations in order; entry {@code i} brings the schema to version {@code i + 1}. */
    static final List<String> ALL = List.of("V1__init.sql", "V2__volumes.sql");

    private final SqliteDb db;
    private final List<String> migrations;

    SqliteMigrations(SqliteDb db, List<String> migrations) {
        this.db = db;
        this.migrations = List.copyOf(migrations);
    }

    /** The schema version of the open database (0 for an empty one). */
    int version() {
        return db.read(this::versionIn);
    }

    private int versionIn() throws SQLException {
        if ("0".equals(db.one("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'SchemaVersion'"))) {
            return 0;
        }
        return Integer.parseInt(db.one("SELECT coalesce(max(Version), 0) FROM SchemaVersion"));
    }

    /**
     * Applies the missing migrations.
     *
     * @throws StateCorruptException if the database was written by a newer peapod, or holds some other application's
     *                               tables (which are left as they are)
     */
    void migrate() {
        int known = migrations.size();
        int current = version();
        if (current == known) {
            return;
        }
        // decided under the write lock only: another process may have migrated the file since the read above
        db.write(() -> {
            int v = versionIn();
            if (newer(v, known)) {
                throw new StateCorruptException("the state database " + db.file() + " has schema version " + v
                        + " but this peapod knows versions up to " + known
                        + ": it was written by a newer peapod; upgrade peapod to use it");
            }
            if (v == 0 && !"0".equals(db.one("SELECT count(*) FROM sqlite_master WHERE type = 'table'"))) {
                throw new StateCorruptException("the file " + db.file() + " is an SQLite database of something else,"
                        + " not a peapod state database: point peapod at another path");
            }
            db.execute("CREATE TABLE IF NOT EXISTS SchemaVersion (Version INTEGER NOT NULL PRIMARY KEY,"
                    + " Name TEXT NOT NULL, Applied TEXT NOT NULL)");
            for (int i = v; i < known; i++) {
                for (String sql : statements(migrations.get(i))) {
                    db.execute(sql);
                }
                db.update("INSERT INTO SchemaVersion VALUES (?, ?, ?)", i + 1, migrations.get(i),
                        Instant.now().toString());
            }
            return null;
        });
    }

    /** Whether a database at schema {@code version} was written by a newer peapod than one knowing {@code known}. */
    static boolean newer(int version, int known) {
        return version > known;
    }

    /** The statements of a migration resource: split at semicolons ending a line, comments dropped. */
    static List<String> statements(String resource) {
        String text;
        try (InputStream in = SqliteMigrations.class.getResourceAsStream("migrations/" + resource)) {
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
}
