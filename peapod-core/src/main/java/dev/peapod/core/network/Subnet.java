package dev.peapod.core.network;

import dev.peapod.core.define.InvalidArgumentException;

/**
 * An IPv4 subnet in CIDR form ({@code 10.89.0.0/24}), normalised to its network address.
 *
 * @param network the network address as an unsigned 32-bit value
 * @param prefix  the prefix length, 8 to 30 (a bridge needs a gateway and at least one more address)
 */
public record Subnet(int network, int prefix) {

    public Subnet {
        if (prefix < 8 || prefix > 30) {
            throw new InvalidArgumentException("subnet prefix /" + prefix + " is not supported: use /8 to /30");
        }
        network &= mask(prefix);
    }

    /**
     * Parses {@code a.b.c.d/n}; host bits are cleared.
     *
     * @throws InvalidArgumentException quoting the input if it is not an IPv4 CIDR
     */
    public static Subnet parse(String cidr) {
        int slash = cidr == null ? -1 : cidr.indexOf('/');
        if (slash < 0) {
            throw new InvalidArgumentException("invalid subnet \"" + cidr + "\": use CIDR form such as 10.89.1.0/24"
                    + " (only IPv4 is supported)");
        }
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("invalid subnet \"" + cidr + "\": the prefix length is not a number");
        }
        return new Subnet(parseAddress(cidr.substring(0, slash), "subnet \"" + cidr + "\""), prefix);
    }

    /**
     * Parses a dotted-quad IPv4 address.
     *
     * @throws InvalidArgumentException naming {@code what} if it is not one
     */
    public static int parseAddress(String s, String what) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            throw new InvalidArgumentException("invalid IPv4 address \"" + s + "\" in " + what);
        }
        int v = 0;
        for (String p : parts) {
            int octet;
            try {
                octet = p.isEmpty() || p.length() > 3 ? -1 : Integer.parseInt(p);
            } catch (NumberFormatException e) {
                octet = -1;
            }
            if (octet < 0 || octet > 255) {
                throw new InvalidArgumentException("invalid IPv4 address \"" + s + "\" in " + what);
            }
            v = (v << 8) | octet;
        }
        return v;
    }

    /** The dotted-quad form of an address. */
    public static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    /** Whether {@code address} lies in this subnet. */
    public boolean contains(int address) {
        return (address & mask(prefix)) == network;
    }

    /** Whether the two subnets share any address. */
    public boolean overlaps(Subnet other) {
        int p = Math.min(prefix, other.prefix);
        return (network & mask(p)) == (other.network & mask(p));
    }

    /** The first usable address, the default gateway. */
    public int firstHost() {
        return network + 1;
    }

    /** The last usable address (the one before broadcast). */
    public int lastHost() {
        return (network | ~mask(prefix)) - 1;
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }
}
