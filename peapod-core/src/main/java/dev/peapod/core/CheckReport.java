package dev.peapod.core;

import java.util.List;

/**
 * What {@link Runtime#check} found.
 *
 * @param findings each problem, in the order found; empty for a sound store
 * @param repaired whether repairs were made (the findings' actions say which)
 */
public record CheckReport(List<Finding> findings, boolean repaired) {
    public CheckReport {
        findings = List.copyOf(findings);
    }

    /** Whether nothing was found. */
    public boolean clean() {
        return findings.isEmpty();
    }

    /**
     * One problem.
     *
     * @param kind    database, image, container, layer, mount or runtime
     * @param object  the object's id, name or path
     * @param problem what is wrong with it
     * @param action  what was done about it, or "none (check only)"
     */
    public record Finding(String kind, String object, String problem, String action) {
    }
}
