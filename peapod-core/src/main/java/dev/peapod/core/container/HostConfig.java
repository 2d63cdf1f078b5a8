package dev.peapod.core.container;

import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.network.PodNetworkConfig;
import dev.peapod.core.network.PortMapping;
import dev.peapod.core.network.Subnet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A container's own network and resource settings (podman's {@code --network}, {@code -p}, {@code -P},
 * {@code --ip}, {@code --dns}, {@code --add-host}, {@code --memory}, {@code --cpus}, {@code --pids-limit},
 * {@code --shm-size}, {@code --ulimit}). The network part applies to a container that holds its own network
 * namespace (outside a pod, not joining another container's): it is set up as a pod's infra container's is.
 *
 * @param network      network mode, networks, published ports, extra hosts and DNS servers
 *                     ({@link PodNetworkConfig#NONE}, loopback only, by default); a host port 0 is given a free
 *                     port when the container is created
 * @param ip           a static IPv4 address on its (single) bridge network, "" to have one allocated
 * @param publishAll   publish every port the image exposes on a random host port ({@code -P})
 * @param memoryBytes  memory limit in bytes, 0 for none
 * @param cpus         CPU time in CPUs per period, 0 for no limit
 * @param pidsLimit    most processes, 0 for podman's default {@link #DEFAULT_PIDS_LIMIT}, -1 for no limit
 * @param shmSizeBytes size of /dev/shm, 0 for the default {@link #DEFAULT_SHM_SIZE}
 * @param ulimits      process resource limits replacing the defaults of the same names
 */
public record HostConfig(PodNetworkConfig network, String ip, boolean publishAll, long memoryBytes, double cpus,
        long pidsLimit, long shmSizeBytes, List<Ulimit> ulimits) {

    /** podman 4.3's default {@code pids_limit}. */
    public static final long DEFAULT_PIDS_LIMIT = 2048;
    /** podman's default /dev/shm size, 64 MiB. */
    public static final long DEFAULT_SHM_SIZE = 64L << 20;
    /** Loopback only and podman's default limits: what a container made through the Java API gets. */
    public static final HostConfig DEFAULT = new HostConfig(PodNetworkConfig.NONE, "", false, 0, 0, 0, 0, List.of());

    public HostConfig {
        network = Objects.requireNonNullElse(network, PodNetworkConfig.NONE);
        ip = Objects.requireNonNullElse(ip, "");
        ulimits = List.copyOf(Objects.requireNonNullElse(ulimits, List.of()));
        if (!ip.isEmpty()) {
            Subnet.parseAddress(ip, "--ip");
            if (network.mode() != PodNetworkConfig.Mode.BRIDGE || network.networks().size() > 1) {
                throw new InvalidArgumentException("--ip can only be set for a single bridge network");
            }
        }
        if (publishAll && network.mode() != PodNetworkConfig.Mode.BRIDGE) {
            throw new InvalidArgumentException("--publish-all needs a bridge network, not --network "
                    + network.mode().displayName());
        }
        if (memoryBytes < 0) {
            throw new InvalidArgumentException("memory limit " + memoryBytes + " must not be negative");
        }
        if (memoryBytes > 0 && memoryBytes < 6L << 20) {
            throw new InvalidArgumentException("minimum memory limit allowed is 6MB");
        }
        if (cpus < 0 || Double.isNaN(cpus) || Double.isInfinite(cpus)) {
            throw new InvalidArgumentException("--cpus " + cpus + " must be a non-negative number");
        }
        if (pidsLimit < -1) {
            throw new InvalidArgumentException("--pids-limit " + pidsLimit + " must be -1 (unlimited) or more");
        }
        if (shmSizeBytes < 0) {
            throw new InvalidArgumentException("--shm-size " + shmSizeBytes + " must not be negative");
        }
        if (ulimits.stream().map(Ulimit::name).distinct().count() != ulimits.size()) {
            throw new InvalidArgumentException("a --ulimit is given twice in " + ulimits);
        }
    }

    /** The pids limit in effect: this config's, podman's default, or -1 for none. */
    public long effectivePidsLimit() {
        return pidsLimit == 0 ? DEFAULT_PIDS_LIMIT : pidsLimit;
    }

    /** The /dev/shm size in effect. */
    public long effectiveShmSize() {
        return shmSizeBytes == 0 ? DEFAULT_SHM_SIZE : shmSizeBytes;
    }

    /** Whether this container gets a network set up by the engine (bridge through netavark, or the host's). */
    public boolean hasOwnNetwork() {
        return network.mode() != PodNetworkConfig.Mode.NONE;
    }

    /**
     * This config with the host's configured defaults ({@code containers.conf}'s {@code pids_limit}, 0 for none,
     * and {@code shm_size}, in bytes) filled in where it leaves them to the default and they differ from podman's.
     */
    public HostConfig withDefaults(long confPidsLimit, long confShmBytes) {
        long pids = pidsLimit == 0 && confPidsLimit != DEFAULT_PIDS_LIMIT ? (confPidsLimit <= 0 ? -1 : confPidsLimit)
                : pidsLimit;
        long shm = shmSizeBytes == 0 && confShmBytes > 0 && confShmBytes != DEFAULT_SHM_SIZE ? confShmBytes
                : shmSizeBytes;
        return new HostConfig(network, ip, publishAll, memoryBytes, cpus, pids, shm, ulimits);
    }

    /**
     * A size as containers.conf writes it ({@code 65536k}, {@code 64m}, {@code 1g}, or bytes); binary units.
     *
     * @throws InvalidArgumentException quoting it if it is not one
     */
    public static long parseSize(String s) {
        String t = s == null ? "" : s.strip().toLowerCase(java.util.Locale.ROOT);
        int shift = 0;
        if (!t.isEmpty() && "kmg".indexOf(t.charAt(t.length() - 1)) >= 0) {
            shift = 10 * ("kmg".indexOf(t.charAt(t.length() - 1)) + 1);
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Long.parseLong(t) << shift;
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("invalid size \"" + s + "\": use a number with k, m or g");
        }
    }

    /** This config with its network replaced. */
    public HostConfig withNetwork(PodNetworkConfig n) {
        return new HostConfig(n, ip, publishAll, memoryBytes, cpus, pidsLimit, shmSizeBytes, ulimits);
    }

    /** The flat string form kept in the state database; {@link #fromFields} reads it back. */
    public Map<String, String> toFields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("networkMode", network.mode().name());
        f.put("networks", String.join(",", network.networks()));
        f.put("ports", String.join(",", network.ports().stream().map(PortMapping::toString).toList()));
        f.put("addHosts", String.join(",", network.addHosts()));
        f.put("dns", String.join(",", network.dns()));
        f.put("ip", ip);
        f.put("publishAll", Boolean.toString(publishAll));
        f.put("memoryBytes", Long.toString(memoryBytes));
        f.put("cpus", Double.toString(cpus));
        f.put("pidsLimit", Long.toString(pidsLimit));
        f.put("shmSizeBytes", Long.toString(shmSizeBytes));
        f.put("ulimits", String.join(",", ulimits.stream().map(Ulimit::toString).toList()));
        return f;
    }

    /**
     * Reads {@link #toFields}' form; a null or empty map is {@link #DEFAULT}.
     *
     * @throws IllegalArgumentException if a value does not parse
     */
    public static HostConfig fromFields(Map<String, String> f) {
        if (f == null || f.isEmpty()) {
            return DEFAULT;
        }
        PodNetworkConfig net = new PodNetworkConfig(PodNetworkConfig.Mode.valueOf(f.getOrDefault("networkMode", "NONE")),
                list(f, "networks"), list(f, "ports").stream().map(PortMapping::parse).toList(), list(f, "addHosts"),
                list(f, "dns"));
        return new HostConfig(net, f.get("ip"), Boolean.parseBoolean(f.get("publishAll")), num(f, "memoryBytes"),
                Double.parseDouble(f.getOrDefault("cpus", "0")), num(f, "pidsLimit"), num(f, "shmSizeBytes"),
                list(f, "ulimits").stream().map(Ulimit::parse).toList());
    }

    private static List<String> list(Map<String, String> f, String key) {
        String v = f.getOrDefault(key, "");
        return v.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(v.split(",")));
    }

    private static long num(Map<String, String> f, String key) {
        return Long.parseLong(f.getOrDefault(key, "0"));
    }
}
