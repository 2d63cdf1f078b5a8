package dev.peapod.core.state;

import dev.peapod.core.define.AlreadyExistsException;
import dev.peapod.core.volume.VolumeConfig;
import dev.peapod.core.volume.VolumeState;
import dev.peapod.core.volume.VolumeStore;
import dev.peapod.core.volume.Volumes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The volumes of a {@link SqliteState}: its {@code Volume} table, on its connection and in its transactions. */
final class SqliteVolumeStore implements VolumeStore {
    private static final String COLUMNS = "Name, Driver, Anonymous, CreatedSec, CreatedNano, Labels, Options";
    private final Object monitor;
    private final SqliteDb db;

    /** @param monitor the state object whose monitor guards the connection; {@code db} its connection */
    SqliteVolumeStore(Object monitor, SqliteDb db) {
        this.monitor = monitor;
        this.db = db;
    }

    @Override
    public void addVolume(VolumeConfig c, VolumeState s) {
        synchronized (monitor) {
            db.write(() -> {
                if (db.one("SELECT Name FROM Volume WHERE Name = ?", c.name()) != null) {
                    throw new AlreadyExistsException("volume with name " + c.name()
                            + " already exists: volume already exists");
                }
                db.update("INSERT INTO Volume (" + COLUMNS + ", MountCount, NeedsCopyUp) VALUES (?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?)", c.name(), c.driver(), c.anonymous() ? 1 : 0, c.created().getEpochSecond(),
                        c.created().getNano(), StateJson.writeMap(c.labels()), StateJson.writeMap(c.options()),
                        s.mountCount(), s.needsCopyUp() ? 1 : 0);
                return null;
            });
        }
    }

    @Override
    public void removeVolume(String name) {
        synchronized (monitor) {
            db.write(() -> {
                if (db.update("DELETE FROM Volume WHERE Name = ?", name) == 0) {
                    throw Volumes.noSuchVolume(name);
                }
                return null;
            });
        }
    }

    @Override
    public Optional<VolumeConfig> volume(String name) {
        synchronized (monitor) {
            return db.read(() -> db.rows("SELECT " + COLUMNS + " FROM Volume WHERE Name = ?", 7, name).stream()
                    .map(SqliteVolumeStore::config).findFirst());
        }
    }

    @Override
    public List<VolumeConfig> allVolumes() {
        synchronized (monitor) {
            return db.read(() -> db.rows("SELECT " + COLUMNS + " FROM Volume ORDER BY CreatedSec, CreatedNano, rowid",
                    7).stream().map(SqliteVolumeStore::config).toList());
        }
    }

    @Override
    public VolumeState volumeState(String name) {
        synchronized (monitor) {
            return db.read(() -> {
                List<String[]> r = db.rows("SELECT MountCount, NeedsCopyUp FROM Volume WHERE Name = ?", 2, name);
                if (r.isEmpty()) {
                    throw Volumes.noSuchVolume(name);
                }
                return new VolumeState(Integer.parseInt(r.getFirst()[0]), r.getFirst()[1].equals("1"));
            });
        }
    }

    @Override
    public void saveVolumeState(String name, VolumeState s) {
        synchronized (monitor) {
            db.write(() -> {
                if (db.update("UPDATE Volume SET MountCount = ?, NeedsCopyUp = ? WHERE Name = ?", s.mountCount(),
                        s.needsCopyUp() ? 1 : 0, name) == 0) {
                    throw Volumes.noSuchVolume(name);
                }
                return null;
            });
        }
    }

    private static VolumeConfig config(String[] r) {
        String what = "volume " + r[0];
        return new VolumeConfig(r[0], r[1], StateJson.readMap(r[5], what), StateJson.readMap(r[6], what),
                Instant.ofEpochSecond(Long.parseLong(r[3]), Long.parseLong(r[4])), r[2].equals("1"));
    }
}
