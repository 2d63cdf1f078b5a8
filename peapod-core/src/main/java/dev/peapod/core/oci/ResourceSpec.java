package dev.peapod.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.core.container.HostConfig;
import dev.peapod.core.container.Ulimit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * A container's resource settings ({@link HostConfig}) written into its runtime spec as podman does: the memory
 * limit (with as much swap again where the host accounts swap), the CPU quota over a 100 ms period, the pids limit
 * (podman's default 2048 unless told otherwise), the size of its own /dev/shm, and {@code --ulimit}s replacing the
 * default rlimits of the same names.
 */
public final class ResourceSpec {
    /** The CFS period podman uses with {@code --cpus}, in microseconds. */
    static final long CPU_PERIOD = 100_000;
    private static final boolean SWAP_ACCOUNTED = Files.exists(Path.of("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes"))
            || Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));

    private ResourceSpec() {
    }

    /**
     * The memory, CPU and pids limits of {@code host} as a runtime spec's {@code linux.resources} holds them (what
     * {@code runc update --resources} takes too); a limit not set is left out.
     */
    public static ObjectNode limits(HostConfig host) {
        ObjectNode resources = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        if (host.memoryBytes() > 0) {
            ObjectNode memory = resources.putObject("memory").put("limit", host.memoryBytes());
            if (SWAP_ACCOUNTED) {
                memory.put("swap", 2 * host.memoryBytes());
            }
        }
        if (host.cpus() > 0) {
            resources.putObject("cpu").put("quota", Math.round(host.cpus() * CPU_PERIOD)).put("period", CPU_PERIOD);
        }
        if (host.effectivePidsLimit() > 0) {
            resources.putObject("pids").put("limit", host.effectivePidsLimit());
        }
        return resources;
    }

    /** Applies {@code host} to a spec {@link RuntimeSpecBuilder} built ({@code linux.resources} and the mounts present). */
    static void apply(ObjectNode spec, HostConfig host) {
        ((ObjectNode) spec.path("linux").path("resources")).setAll(limits(host));
        for (JsonNode m : spec.path("mounts")) {
            if (m.path("destination").asText().equals("/dev/shm") && m.path("type").asText().equals("tmpfs")) {
                ArrayNode options = (ArrayNode) m.get("options");
                for (int i = 0; i < options.size(); i++) {
                    if (options.get(i).asText().startsWith("size=")) {
                        options.set(i, "size=" + Math.max(1, host.effectiveShmSize() / 1024) + "k");
                    }
                }
            }
        }
        ArrayNode rlimits = (ArrayNode) spec.path("process").path("rlimits");
        for (Ulimit u : host.ulimits()) {
            for (Iterator<JsonNode> it = rlimits.iterator(); it.hasNext(); ) {
                if (it.next().path("type").asText().equals(u.rlimitName())) {
                    it.remove();
                }
            }
            rlimits.addObject().put("type", u.rlimitName()).put("hard", value(u.hard())).put("soft", value(u.soft()));
        }
    }

    /** -1 (unlimited) as the runtime spec's uint64 all-ones value (RLIM_INFINITY). */
    private static java.math.BigInteger value(long v) {
        return v == -1 ? java.math.BigInteger.ONE.shiftLeft(64).subtract(java.math.BigInteger.ONE)
                : java.math.BigInteger.valueOf(v);
    }
}
