package dev.peapod.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.sun.security.auth.module.UnixSystem;
import org.junit.jupiter.api.Assumptions;

/**
 * What the machine running the tests allows, found out independently of the code under test (which has its own
 * idea of "root" that a test must not trust while it tests it).
 */
public final class TestEnv {
    private TestEnv() {
    }

    /** Whether the tests run with user id 0. */
    public static boolean isRoot() {
        return new UnixSystem().getUid() == 0;
    }

    /** Whether this run is CI's ({@code CI=true}), which runs as root and must run every check. */
    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Skips the calling test when not running as root, except in CI, where it fails: a check that needs root must not
     * be skipped silently where root is what the run has.
     */
    public static void requireRoot(String why) {
        if (isRoot()) {
            return;
        }
        if (isCi()) {
            fail("this check needs root (" + why + ") and CI runs as root, so it must run here: run the tests as root");
        }
        Assumptions.abort("needs root: " + why);
    }
}
