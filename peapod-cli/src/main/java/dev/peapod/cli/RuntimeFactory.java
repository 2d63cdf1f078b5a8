package dev.peapod.cli;

import dev.peapod.core.Runtime;
import dev.peapod.core.RuntimeOptions;

/**
 * How the CLI gets its engine: opens a {@link Runtime} over a store once per command and releases it when
 * the command ends. The production factory opens the store named by the global options; tests give a
 * runtime over an in-memory state and a fake OCI runtime.
 */
public interface RuntimeFactory {
    /**
     * Opens the store.
     *
     * @throws dev.peapod.core.define.PeapodException if it cannot be opened (the command fails with exit 125)
     */
    Runtime open(RuntimeOptions options);

    /** Called once when the command is done with the runtime; closes it. */
    default void release(Runtime runtime) {
        runtime.close();
    }
}
