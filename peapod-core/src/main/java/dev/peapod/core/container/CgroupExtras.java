package dev.peapod.core.container;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The cgroup settings of podman 4.3.1's {@code create}/{@code run} (and {@code update}) beyond memory, CPU quota and
 * pids: written into the runtime spec's {@code linux.resources} as podman writes them.
 *
 * @param memorySwappiness {@code --memory-swappiness}: 0 to 100, -1 for the host's default
 * @param oomKillDisable   {@code --oom-kill-disable}
 * @param blkioWeight      {@code --blkio-weight}: 10 to 1000, 0 for none
 * @param cpusetMems       {@code --cpuset-mems}: memory nodes ("" for all)
 * @param readBps          {@code --device-read-bps}: {@code DEVICE:BYTES} per second
 * @param writeBps         {@code --device-write-bps}: {@code DEVICE:BYTES} per second
 * @param readIops         {@code --device-read-iops}: {@code DEVICE:IOS} per second
 * @param writeIops        {@code --device-write-iops}: {@code DEVICE:IOS} per second
 */
public record CgroupExtras(long memorySwappiness, boolean oomKillDisable, int blkioWeight, String cpusetMems,
                           List<String> readBps, List<String> writeBps, List<String> readIops,
                           List<String> writeIops) {
    /** Nothing set. */
    public static final CgroupExtras NONE = new CgroupExtras(-1, false, 0, "", List.of(), List.of(), List.of(),
            List.of());

    /** @throws InvalidArgumentException for a value out of range or a throttle not {@code /dev/PATH:NUMBER} */
    public CgroupExtras {
        cpusetMems = Objects.requireNonNullElse(cpusetMems, "");
        readBps = List.copyOf(Objects.requireNonNullElse(readBps, List.of()));
        writeBps = List.copyOf(Objects.requireNonNullElse(writeBps, List.of()));
        readIops = List.copyOf(Objects.requireNonNullElse(readIops, List.of()));
        writeIops = List.copyOf(Objects.requireNonNullElse(writeIops, List.of()));
        if (memorySwappiness < -1 || memorySwappiness > 100) {
            throw new InvalidArgumentException("invalid value: " + memorySwappiness + ", valid memory swappiness "
                    + "range is 0-100");
        }
        if (blkioWeight != 0 && (blkioWeight < 10 || blkioWeight > 1000)) {
            throw new InvalidArgumentException("invalid value: " + blkioWeight + ", valid blkio weight range is "
                    + "10-1000");
        }
        if (!cpusetMems.matches("[0-9,\\-]*")) {
            throw new InvalidArgumentException("invalid --cpuset-mems \"" + cpusetMems + "\": a list such as 0-3 or 0,1");
        }
        for (List<String> l : List.of(readBps, writeBps, readIops, writeIops)) {
            for (String t : l) {
                int colon = t.lastIndexOf(':');
                if (colon <= 0 || !t.startsWith("/") || !t.substring(colon + 1).matches("[0-9]+")) {
                    throw new InvalidArgumentException("bad format: " + t);
                }
            }
        }
    }

    /**
     * These settings with what {@code update} sets in {@code u}: a swappiness other than -1, a weight other than 0,
     * cpuset mems other than "", and each throttled device's new rate (other devices keep theirs); the OOM killer
     * setting is kept ({@code update} has no flag for it).
     */
    public CgroupExtras updatedWith(CgroupExtras u) {
        return new CgroupExtras(u.memorySwappiness != -1 ? u.memorySwappiness : memorySwappiness, oomKillDisable,
                u.blkioWeight != 0 ? u.blkioWeight : blkioWeight, u.cpusetMems.isEmpty() ? cpusetMems : u.cpusetMems,
                merge(readBps, u.readBps), merge(writeBps, u.writeBps), merge(readIops, u.readIops),
                merge(writeIops, u.writeIops));
    }

    private static List<String> merge(List<String> old, List<String> updates) {
        Map<String, String> byDevice = new LinkedHashMap<>();
        old.forEach(t -> byDevice.put(device(t), t));
        updates.forEach(t -> byDevice.put(device(t), t));
        return List.copyOf(byDevice.values());
    }

    /** The device of a throttle entry {@code DEVICE:RATE}. */
    public static String device(String throttle) {
        return throttle.substring(0, throttle.lastIndexOf(':'));
    }

    /** The rate of a throttle entry {@code DEVICE:RATE}. */
    public static long rate(String throttle) {
        return Long.parseLong(throttle.substring(throttle.lastIndexOf(':') + 1));
    }

    /** Every throttle entry's device. */
    public List<String> throttledDevices() {
        List<String> out = new ArrayList<>();
        for (List<String> l : List.of(readBps, writeBps, readIops, writeIops)) {
            l.forEach(t -> out.add(device(t)));
        }
        return out;
    }

    /** The flat string form kept in the state database; {@link #fromFields} reads it back. */
    public Map<String, String> toFields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("memorySwappiness", Long.toString(memorySwappiness));
        f.put("oomKillDisable", Boolean.toString(oomKillDisable));
        f.put("blkioWeight", Integer.toString(blkioWeight));
        f.put("cpusetMems", cpusetMems);
        f.put("readBps", String.join("\0", readBps));
        f.put("writeBps", String.join("\0", writeBps));
        f.put("readIops", String.join("\0", readIops));
        f.put("writeIops", String.join("\0", writeIops));
        return f;
    }

    /** Reads {@link #toFields}' form; missing keys are the defaults. */
    public static CgroupExtras fromFields(Map<String, String> f) {
        return new CgroupExtras(Long.parseLong(f.getOrDefault("memorySwappiness", "-1")),
                Boolean.parseBoolean(f.get("oomKillDisable")), Integer.parseInt(f.getOrDefault("blkioWeight", "0")),
                f.get("cpusetMems"), list(f, "readBps"), list(f, "writeBps"), list(f, "readIops"),
                list(f, "writeIops"));
    }

    private static List<String> list(Map<String, String> f, String key) {
        String v = f.getOrDefault(key, "");
        return v.isEmpty() ? List.of() : Arrays.asList(v.split("\0"));
    }
}
