package dev.peapod.cli;

/**
 * The production engine: how {@code peapod} opens its store. peapod-core has no public way yet to open a
 * persistent store (a SQLite state and an image store), so this is null and every command that needs the
 * engine fails with {@code Error: <command> is not implemented yet}. When core offers an opener, this is
 * the one line to change.
 */
final class Engine {
    static final RuntimeFactory FACTORY = null;

    private Engine() {
    }
}
