package dev.peapod.core.oci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.core.container.CgroupExtras;
import dev.peapod.core.define.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@link CgroupExtras} as a runtime spec's {@code linux.resources} holds them (what {@code runc update --resources}
 * takes too): {@code memory.swappiness}, {@code memory.disableOOMKiller}, {@code cpu.mems}, {@code blockIO.weight}
 * and the {@code blockIO.throttle*Device} entries with each device's major and minor numbers.
 */
public final class CgroupExtrasSpec {
    private static final Path V1_BLKIO = Path.of("/sys/fs/cgroup/blkio");

    private CgroupExtrasSpec() {
    }

    /**
     * Whether this host's cgroups take a block I/O weight (podman discards {@code --blkio-weight} with a warning when
     * they do not, as on kernels without the CFQ/BFQ weight files).
     */
    public static boolean blkioWeightSupported() {
        if (Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))) {
            return Files.exists(Path.of("/sys/fs/cgroup/cgroup.subtree_control"));
        }
        return Files.exists(V1_BLKIO.resolve("blkio.weight")) || Files.exists(V1_BLKIO.resolve("blkio.bfq.weight"));
    }

    /**
     * The resources {@code x} sets (empty when none).
     *
     * @throws InvalidArgumentException in podman's words when a throttled device is not a block device on the host
     */
    public static ObjectNode resources(CgroupExtras x) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        if (x.memorySwappiness() >= 0 || x.oomKillDisable()) {
            ObjectNode memory = r.putObject("memory");
            if (x.memorySwappiness() >= 0) {
                memory.put("swappiness", x.memorySwappiness());
            }
            if (x.oomKillDisable()) {
                memory.put("disableOOMKiller", true);
            }
        }
        if (!x.cpusetMems().isEmpty()) {
            r.putObject("cpu").put("mems", x.cpusetMems());
        }
        ObjectNode io = JsonNodeFactory.instance.objectNode();
        if (x.blkioWeight() > 0) {
            io.put("weight", x.blkioWeight());
        }
        throttles(io, "throttleReadBpsDevice", x.readBps());
        throttles(io, "throttleWriteBpsDevice", x.writeBps());
        throttles(io, "throttleReadIOPSDevice", x.readIops());
        throttles(io, "throttleWriteIOPSDevice", x.writeIops());
        if (!io.isEmpty()) {
            r.set("blockIO", io);
        }
        return r;
    }

    /** Merges {@link #resources} into a spec's {@code linux.resources}, over what is there. */
    static void apply(ObjectNode spec, CgroupExtras x) {
        ObjectNode resources = (ObjectNode) spec.path("linux").path("resources");
        resources(x).properties().forEach(e -> {
            if (resources.get(e.getKey()) instanceof ObjectNode existing) {
                existing.setAll((ObjectNode) e.getValue());
            } else {
                resources.set(e.getKey(), e.getValue());
            }
        });
    }

    private static void throttles(ObjectNode io, String key, List<String> entries) {
        if (entries.isEmpty()) {
            return;
        }
        ArrayNode a = io.putArray(key);
        for (String t : entries) {
            long rdev = deviceNumber(CgroupExtras.device(t));
            a.addObject().put("major", (rdev >>> 8) & 0xfff | (rdev >>> 32) & ~0xfffL)
                    .put("minor", rdev & 0xff | (rdev >>> 12) & ~0xffL).put("rate", CgroupExtras.rate(t));
        }
    }

    /**
     * The device number of a block device node.
     *
     * @throws InvalidArgumentException in podman's words when it is missing or not a block device
     */
    public static long deviceNumber(String device) {
        Path p = Path.of(device);
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode");
            if ((mode & 0170000) != 0060000) {
                throw new InvalidArgumentException("could not parse throttle device at " + device + ": not a block "
                        + "device");
            }
            return ((Number) Files.getAttribute(p, "unix:rdev")).longValue();
        } catch (NoSuchFileException e) {
            throw new InvalidArgumentException("could not parse throttle device at " + device + ": no such file or "
                    + "directory");
        } catch (IOException e) {
            throw new InvalidArgumentException("could not parse throttle device at " + device + ": " + e.getMessage());
        }
    }
}
