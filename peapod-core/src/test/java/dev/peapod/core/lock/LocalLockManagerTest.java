package dev.peapod.core.lock;

class LocalLockManagerTest extends LockManagerContractTest {
    @Override
    protected LockManager newManager() {
        return new LocalLockManager();
    }
}
