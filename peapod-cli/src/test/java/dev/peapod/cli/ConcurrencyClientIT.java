package dev.peapod.cli;

/**
 * {@link ConcurrencyIT} through the native client: every CLI process is {@code client/peapod.c}, the commands run at
 * once in the store's warm engine process, and a kill SIGKILLs that engine process (every command it runs dies with
 * it) as well as the client. The store must stay as consistent as with one JVM per command. Runs for half the
 * direct suite's time by default ({@code peapod.soak.client.seconds}).
 */
class ConcurrencyClientIT extends ConcurrencyIT {
    @Override
    boolean throughClient() {
        return true;
    }

    @Override
    long soakSeconds() {
        return Long.getLong("peapod.soak.client.seconds", 30);
    }
}
