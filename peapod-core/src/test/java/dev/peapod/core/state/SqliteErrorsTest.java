package dev.peapod.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.define.AlreadyExistsException;
import dev.peapod.core.define.InUseException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.define.StateCorruptException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** What each kind of SQLite failure tells the user (the real failures are hard to provoke on demand). */
class SqliteErrorsTest {
    private static final Path FILE = Path.of("/var/lib/peapod/peapod.db");

    private static PeapodException translate(SQLiteErrorCode code) {
        return SqliteErrors.translate(FILE, "write", new SQLiteException("sqlite says no", code));
    }

    @Test
    void aDamagedFileOrANonDatabaseIsCorruptAndSaysToMoveItAway() {
        for (SQLiteErrorCode code : new SQLiteErrorCode[] {SQLiteErrorCode.SQLITE_CORRUPT,
                SQLiteErrorCode.SQLITE_NOTADB, SQLiteErrorCode.SQLITE_CORRUPT_INDEX}) {
            assertThat(translate(code)).as(code.name()).isExactlyInstanceOf(StateCorruptException.class)
                    .hasMessageContaining(FILE.toString()).hasMessageContaining("move it away")
                    .hasMessageContaining("sqlite says no");
        }
    }

    @Test
    void aForeignKeyRefusalIsInUseAndOtherConstraintsAreAlreadyExists() {
        assertThat(translate(SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY)).isExactlyInstanceOf(InUseException.class)
                .hasMessageContaining(FILE.toString()).hasMessageContaining("still refer to it");
        for (SQLiteErrorCode code : new SQLiteErrorCode[] {SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE,
                SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY, SQLiteErrorCode.SQLITE_CONSTRAINT}) {
            assertThat(translate(code)).as(code.name()).isExactlyInstanceOf(AlreadyExistsException.class)
                    .hasMessageContaining(FILE.toString()).hasMessageContaining("refused the change")
                    .hasMessageNotContaining("still refer");
        }
    }

    @Test
    void aLockHeldPastTheTimeoutPointsAtAHungProcess() {
        for (SQLiteErrorCode code : new SQLiteErrorCode[] {SQLiteErrorCode.SQLITE_BUSY, SQLiteErrorCode.SQLITE_LOCKED,
                SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT}) {
            assertThat(translate(code)).as(code.name()).isExactlyInstanceOf(PeapodException.class)
                    .hasMessage("the state database " + FILE + " is locked by another process (waited up to 100 s):"
                            + " check for a hung peapod process");
        }
    }

    @Test
    void anythingElseSaysWhatFailedOnWhichFile() {
        PeapodException e = translate(SQLiteErrorCode.SQLITE_IOERR);
        assertThat(e).isExactlyInstanceOf(PeapodException.class)
                .hasMessageStartingWith("cannot write the state database " + FILE + ": ")
                .hasMessageContaining("sqlite says no");
        SQLException plain = new SQLException("driver trouble");
        assertThat(SqliteErrors.translate(FILE, "read", plain)).isExactlyInstanceOf(PeapodException.class)
                .hasMessage("cannot read the state database " + FILE + ": driver trouble").hasCause(plain);
        assertThat(e.getCause()).isInstanceOf(SQLiteException.class);
    }
}
