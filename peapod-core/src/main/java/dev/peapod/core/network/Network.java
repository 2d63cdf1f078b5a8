package dev.peapod.core.network;

import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidArgumentException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A bridge network as netavark knows it (podman's network definition): one IPv4 subnet behind a
 * Linux bridge, optionally internal (no route out) and with aardvark-dns name resolution.
 *
 * @param name             unique per store; the name containers resolve through DNS aliases on it
 * @param id               64 hex digits
 * @param driver           always "bridge"
 * @param networkInterface the bridge device, at most 15 characters
 * @param subnet           the IPv4 subnet
 * @param gateway          the bridge's address inside the subnet
 * @param internal         whether traffic may not leave the network (no masquerading)
 * @param dnsEnabled       whether aardvark-dns answers for the network's members
 * @param labels           user labels
 * @param created          creation time
 */
public record Network(String name, String id, String driver, String networkInterface, Subnet subnet, String gateway,
        boolean internal, boolean dnsEnabled, Map<String, String> labels, Instant created) {

    /** The name of the network pods join when they name none. */
    public static final String DEFAULT_NAME = "peapod";
    /** The bridge of the default network. */
    public static final String DEFAULT_INTERFACE = "peapod0";
    /** The default network's subnet: apart from podman's 10.88.0.0/16 so both coexist on one host. */
    public static final String DEFAULT_SUBNET = "10.89.0.0/24";

    public Network {
        Ids.requireValidName(name, "network");
        if (!Ids.isFullId(id)) {
            throw new InvalidArgumentException("network id \"" + id + "\" is not 64 lower-case hex digits");
        }
        driver = Objects.requireNonNullElse(driver, "bridge");
        if (!driver.equals("bridge")) {
            throw new InvalidArgumentException("network driver \"" + driver + "\" is not supported: use bridge");
        }
        if (networkInterface == null || networkInterface.isEmpty() || networkInterface.length() > 15
                || !networkInterface.matches("[a-zA-Z0-9_.-]+")) {
            throw new InvalidArgumentException("bridge interface name \"" + networkInterface
                    + "\" is invalid: use 1 to 15 letters, digits, '_', '.' or '-'");
        }
        Objects.requireNonNull(subnet, "subnet");
        int gw = Subnet.parseAddress(Objects.requireNonNull(gateway, "gateway"), "the gateway");
        if (!subnet.contains(gw) || gw == subnet.network() || gw > subnet.lastHost()) {
            throw new InvalidArgumentException("gateway " + gateway + " is not a host address of subnet " + subnet);
        }
        labels = Map.copyOf(Objects.requireNonNullElse(labels, Map.of()));
        created = Objects.requireNonNullElseGet(created, Instant::now);
    }

    /** The default network, with an id derived from its name so every store agrees on it. */
    public static Network defaultNetwork() {
        Subnet s = Subnet.parse(DEFAULT_SUBNET);
        return new Network(DEFAULT_NAME, idFor(DEFAULT_NAME), "bridge", DEFAULT_INTERFACE, s,
                Subnet.format(s.firstHost()), false, false, Map.of(), Instant.now());
    }

    /** A stable 64-hex id for a network name (sha-256 of it). */
    static String idFor(String name) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("peapod-network:" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
