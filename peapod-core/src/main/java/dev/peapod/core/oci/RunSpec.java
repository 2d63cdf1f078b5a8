package dev.peapod.core.oci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.core.container.RunOptions;

/**
 * The further run flags ({@link RunOptions}) written into a runtime spec as podman 4.3.1 writes them:
 * {@code linux.sysctl}, {@code annotations}, {@code process.user.umask}, {@code process.oomScoreAdj}, supplementary
 * groups, and the CPU and memory settings of {@code linux.resources} (over those {@link ResourceSpec} sets).
 */
final class RunSpec {
    private RunSpec() {
    }

    /** Applies {@code run} to a spec {@link RuntimeSpecBuilder} built. */
    static void apply(ObjectNode spec, RunOptions run) {
        if (!run.sysctls().isEmpty()) {
            ObjectNode sysctl = ((ObjectNode) spec.path("linux")).putObject("sysctl");
            run.sysctls().forEach(sysctl::put);
        }
        if (!run.annotations().isEmpty()) {
            ObjectNode annotations = spec.has("annotations") ? (ObjectNode) spec.get("annotations")
                    : spec.putObject("annotations");
            run.annotations().forEach(annotations::put);
        }
        ObjectNode process = (ObjectNode) spec.path("process");
        ObjectNode user = (ObjectNode) process.path("user");
        if (!run.umask().isEmpty()) {
            user.put("umask", Integer.parseInt(run.umask(), 8));
        }
        if (run.oomScoreAdj() != null) {
            process.put("oomScoreAdj", run.oomScoreAdj());
        }
        if (!run.groupAdd().isEmpty()) {
            ArrayNode gids = user.has("additionalGids") ? (ArrayNode) user.get("additionalGids")
                    : user.putArray("additionalGids");
            for (long g : run.groupAdd()) {
                if (!contains(gids, g)) {
                    gids.add(g);
                }
            }
        }
        ObjectNode resources = (ObjectNode) spec.path("linux").path("resources");
        if (run.cpuShares() > 0 || run.cpuQuota() > 0 || run.cpuPeriod() > 0 || !run.cpusetCpus().isEmpty()) {
            ObjectNode cpu = resources.has("cpu") ? (ObjectNode) resources.get("cpu") : resources.putObject("cpu");
            if (run.cpuShares() > 0) {
                cpu.put("shares", run.cpuShares());
            }
            if (run.cpuQuota() > 0) {
                cpu.put("quota", run.cpuQuota());
            }
            if (run.cpuPeriod() > 0) {
                cpu.put("period", run.cpuPeriod());
            }
            if (!run.cpusetCpus().isEmpty()) {
                cpu.put("cpus", run.cpusetCpus());
            }
        }
        if (run.memoryReservation() > 0 || run.memorySwap() != 0) {
            ObjectNode memory = resources.has("memory") ? (ObjectNode) resources.get("memory")
                    : resources.putObject("memory");
            if (run.memoryReservation() > 0) {
                memory.put("reservation", run.memoryReservation());
            }
            if (run.memorySwap() != 0) {
                memory.put("swap", run.memorySwap());
            }
        }
    }

    private static boolean contains(ArrayNode a, long v) {
        for (var n : a) {
            if (n.asLong() == v) {
                return true;
            }
        }
        return false;
    }
}
