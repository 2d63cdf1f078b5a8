package dev.peapod.core.state;

class InMemoryStateTest extends StateContract {
    @Override
    State newState(String namespace) {
        return new InMemoryState(namespace);
    }
}
