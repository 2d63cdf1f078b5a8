package dev.peapod.core.volume;

import dev.peapod.core.define.AlreadyExistsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Volumes in memory, for a state database that lives in memory (unit tests). Thread-safe. */
public final class InMemoryVolumeStore implements VolumeStore {
    private final Map<String, VolumeConfig> configs = new LinkedHashMap<>();
    private final Map<String, VolumeState> states = new LinkedHashMap<>();

    @Override
    public synchronized void addVolume(VolumeConfig config, VolumeState state) {
        if (configs.containsKey(config.name())) {
            throw new AlreadyExistsException("volume with name " + config.name() + " already exists: volume already exists");
        }
        configs.put(config.name(), config);
        states.put(config.name(), state);
    }

    @Override
    public synchronized void removeVolume(String name) {
        if (configs.remove(name) == null) {
            throw Volumes.noSuchVolume(name);
        }
        states.remove(name);
    }

    @Override
    public synchronized Optional<VolumeConfig> volume(String name) {
        return Optional.ofNullable(configs.get(name));
    }

    @Override
    public synchronized List<VolumeConfig> allVolumes() {
        return new ArrayList<>(configs.values());
    }

    @Override
    public synchronized VolumeState volumeState(String name) {
        VolumeState s = states.get(name);
        if (s == null) {
            throw Volumes.noSuchVolume(name);
        }
        return s;
    }

    @Override
    public synchronized void saveVolumeState(String name, VolumeState state) {
        if (!states.containsKey(name)) {
            throw Volumes.noSuchVolume(name);
        }
        states.put(name, state);
    }
}
