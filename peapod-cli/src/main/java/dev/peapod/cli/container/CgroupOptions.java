package dev.peapod.cli.container;

import dev.peapod.cli.ByteSize;
import dev.peapod.core.container.CgroupExtras;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.oci.CgroupExtrasSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * The cgroup flags {@code create}, {@code run} and {@code update} share with podman 4.3.1's names and help texts:
 * {@code --memory-swappiness}, {@code --blkio-weight}, {@code --cpuset-mems},
 * {@code --device-read-bps}, {@code --device-write-bps}, {@code --device-read-iops}, {@code --device-write-iops}
 * ({@link CgroupExtras}).
 */
public final class CgroupOptions {
    @Option(names = "--memory-swappiness", paramLabel = "int", defaultValue = "-1",
            description = "Tune container memory swappiness (0 to 100, or -1 for system default) (default -1)")
    long memorySwappiness = -1;

    @Option(names = "--blkio-weight", paramLabel = "string",
            description = "Block IO weight (relative weight) accepts a weight value between 10 and 1000.")
    String blkioWeight;

    @Option(names = "--cpuset-mems", paramLabel = "string",
            description = "Memory nodes (MEMs) in which to allow execution (0-3, 0,1). Only effective on NUMA systems.")
    String cpusetMems;

    @Option(names = "--device-read-bps", paramLabel = "strings", split = ",",
            description = "Limit read rate (bytes per second) from a device (e.g. --device-read-bps=/dev/sda:1mb)")
    List<String> readBps = new ArrayList<>();

    @Option(names = "--device-write-bps", paramLabel = "strings", split = ",",
            description = "Limit write rate (bytes per second) to a device (e.g. --device-write-bps=/dev/sda:1mb)")
    List<String> writeBps = new ArrayList<>();

    @Option(names = "--device-read-iops", paramLabel = "strings", split = ",",
            description = "Limit read rate (IO per second) from a device (e.g. --device-read-iops=/dev/sda:1000)")
    List<String> readIops = new ArrayList<>();

    @Option(names = "--device-write-iops", paramLabel = "strings", split = ",",
            description = "Limit write rate (IO per second) to a device (e.g. --device-write-iops=/dev/sda:1000)")
    List<String> writeIops = new ArrayList<>();

    /** Whether any of these flags is given (for {@code update}). */
    boolean any() {
        return memorySwappiness != -1 || blkioWeight != null || cpusetMems != null
                || !readBps.isEmpty() || !writeBps.isEmpty() || !readIops.isEmpty() || !writeIops.isEmpty();
    }

    /**
     * The settings; a {@code --blkio-weight} this host's cgroups cannot take is discarded with podman's warning,
     * given to {@code warn}.
     *
     * @throws InvalidArgumentException for a malformed value, in podman's words
     */
    CgroupExtras extras(Consumer<String> warn, boolean oomKillDisable) {
        int weight = 0;
        if (blkioWeight != null && !blkioWeight.isEmpty()) {
            if (!CgroupExtrasSpec.blkioWeightSupported()) {
                warn.accept("Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight "
                        + "discarded.");
            } else {
                try {
                    weight = Integer.parseInt(blkioWeight.strip());
                } catch (NumberFormatException e) {
                    throw new InvalidArgumentException("invalid value for blkio-weight: " + blkioWeight);
                }
            }
        }
        return new CgroupExtras(memorySwappiness, oomKillDisable, weight, cpusetMems, rates(readBps, true),
                rates(writeBps, true), rates(readIops, false), rates(writeIops, false));
    }

    /** {@code DEVICE:RATE} with the rate in bytes ({@code 1mb}) or a plain count, as {@code DEVICE:NUMBER}. */
    private static List<String> rates(List<String> given, boolean bytes) {
        List<String> out = new ArrayList<>();
        for (String g : given) {
            int colon = g.lastIndexOf(':');
            if (colon <= 0) {
                throw new InvalidArgumentException("bad format: " + g);
            }
            String rate = g.substring(colon + 1);
            long n;
            try {
                n = bytes ? ByteSize.parse(rate.toLowerCase(java.util.Locale.ROOT).replaceAll("b$", ""))
                        .bytes() : Long.parseLong(rate);
            } catch (RuntimeException e) {
                throw new InvalidArgumentException("invalid rate for device: " + g + ". The correct format is "
                        + "<device-path>:<number>" + (bytes ? "[<unit>]" : "") + ". Number must be a positive integer");
            }
            out.add(g.substring(0, colon) + ":" + n);
        }
        return out;
    }
}
