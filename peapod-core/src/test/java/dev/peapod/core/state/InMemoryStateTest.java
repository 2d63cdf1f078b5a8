package dev.peapod.core.state;

class InMemoryStateTest extends StateContractTest {
    private InMemoryState store;

    @Override
    protected State newState(String namespace) {
        if (store == null) {
            store = new InMemoryState(namespace);
            return store;
        }
        return store.view(namespace);
    }
}
