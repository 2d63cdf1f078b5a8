package dev.peapod.core;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.define.AlreadyExistsException;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidArgumentException;

/**
 * podman's {@code rename}: a container (running or not) takes another name, free in the shared name space of pods
 * and containers; the old name is free afterwards and a {@code rename} event is recorded. A pod's infra container
 * keeps its name, as podman's does.
 */
final class ContainerRename {
    private ContainerRename() {
    }

    static Container rename(Engine engine, Container c, String newName) {
        Ids.requireValidName(newName, "container");
        if (c.config().infra()) {
            throw new InvalidArgumentException("cannot rename container " + c.id() + ": infra containers cannot be "
                    + "renamed");
        }
        ContainerConfig renamed;
        try (var held = c.lock()) {
            c.syncLocked();
            if (newName.equals(c.name())) {
                return c;
            }
            renamed = engine.containers().byId(c.id()).config().toBuilder().name(newName).build();
            try {
                engine.state().renameContainer(renamed);
            } catch (AlreadyExistsException e) {
                throw new AlreadyExistsException("renaming container " + c.id() + ": name " + newName
                        + " already in use, cannot rename container " + c.id() + ": container already exists");
            }
        }
        Container after = engine.containers().byId(c.id());
        engine.emit(after, "rename");
        return after;
    }
}
