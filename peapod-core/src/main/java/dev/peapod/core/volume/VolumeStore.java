package dev.peapod.core.volume;

import java.util.List;
import java.util.Optional;

/**
 * Where volumes are recorded: the state database (SQLite, shared by pods and containers) or memory in unit tests.
 * Each method is atomic; check-then-act consistency comes from the volume's lock.
 */
public interface VolumeStore {

    /** @throws dev.peapod.core.define.AlreadyExistsException if a volume of that name exists */
    void addVolume(VolumeConfig config, VolumeState state);

    /** @throws dev.peapod.core.define.NoSuchVolumeException if it does not exist */
    void removeVolume(String name);

    /** The volume of exactly this name. */
    Optional<VolumeConfig> volume(String name);

    /** Every volume, oldest first. */
    List<VolumeConfig> allVolumes();

    /** @throws dev.peapod.core.define.NoSuchVolumeException if it does not exist */
    VolumeState volumeState(String name);

    /** @throws dev.peapod.core.define.NoSuchVolumeException if it does not exist */
    void saveVolumeState(String name, VolumeState state);
}
