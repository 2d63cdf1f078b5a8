package dev.peapod.core.state;

import dev.peapod.core.define.AlreadyExistsException;
import dev.peapod.core.define.InUseException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.define.StateCorruptException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteException;

/** SQLite's errors as peapod's exception kinds, with a message that names the file and says what to do. */
final class SqliteErrors {
    static final int SQLITE_BUSY = 5;
    static final int SQLITE_LOCKED = 6;
    static final int SQLITE_CORRUPT = 11;
    static final int SQLITE_CONSTRAINT = 19;
    static final int SQLITE_NOTADB = 26;
    static final int SQLITE_CONSTRAINT_FOREIGNKEY = 787;

    private SqliteErrors() {
    }

    /**
     * The exception for {@code e}, raised while doing {@code what} ("open", "read", "write", ...) on {@code file}:
     * a damaged file or not a database is {@link StateCorruptException}; a foreign-key refusal is
     * {@link InUseException} and any other constraint {@link AlreadyExistsException} (both mean a check raced past
     * peapod's own, which {@code BEGIN IMMEDIATE} should prevent); a lock held past the busy timeout says to look for
     * a hung process; anything else is a plain {@link PeapodException} naming {@code what}.
     */
    static PeapodException translate(Path file, String what, SQLException e) {
        if (e instanceof SQLiteException se) {
            int code = se.getResultCode().code;
            switch (code & 0xff) {
                case SQLITE_CORRUPT, SQLITE_NOTADB -> {
                    return new StateCorruptException("the state database " + file + " is damaged or not a database ("
                            + e.getMessage() + "); move it away to start afresh", e);
                }
                case SQLITE_CONSTRAINT -> {
                    if (code == SQLITE_CONSTRAINT_FOREIGNKEY) {
                        return new InUseException("the state database " + file + " refused the change because other"
                                + " objects still refer to it: " + e.getMessage(), e);
                    }
                    return new AlreadyExistsException("the state database " + file + " refused the change: "
                            + e.getMessage(), e);
                }
                case SQLITE_BUSY, SQLITE_LOCKED -> {
                    return new PeapodException("the state database " + file + " is locked by another process (waited up"
                            + " to " + SqliteState.BUSY_TIMEOUT_MS / 1000 + " s): check for a hung peapod process", e);
                }
                default -> {
                }
            }
        }
        return new PeapodException("cannot " + what + " the state database " + file + ": " + e.getMessage(), e);
    }
}
