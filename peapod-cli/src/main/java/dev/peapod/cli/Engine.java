package dev.peapod.cli;

import dev.peapod.core.Runtime;

/** The production engine: {@code peapod} opens the store its global options name with {@link Runtime#open}. */
final class Engine {
    static final RuntimeFactory FACTORY = Runtime::open;

    private Engine() {
    }
}
