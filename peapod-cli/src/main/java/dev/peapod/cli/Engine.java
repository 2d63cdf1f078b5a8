package dev.peapod.cli;

import dev.peapod.core.Runtime;

/** The production engine: how {@code peapod} opens its store (the one the global options name). */
final class Engine {
    static final RuntimeFactory FACTORY = Runtime::open;

    private Engine() {
    }
}
