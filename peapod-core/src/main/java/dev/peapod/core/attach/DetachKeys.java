package dev.peapod.core.attach;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.Arrays;

/**
 * The key sequence that detaches a client from a container and leaves it running, in podman's notation: a comma
 * separated list of single characters and {@code ctrl-X} for X in a-z, {@code @ [ \ ] ^ _}; the default is
 * {@code ctrl-p,ctrl-q}. The empty string turns detaching off.
 */
public record DetachKeys(String spec, byte[] bytes) {
    public static final String DEFAULT_SPEC = "ctrl-p,ctrl-q";

    public DetachKeys {
        bytes = bytes.clone();
    }

    /** podman's default, ctrl-p ctrl-q. */
    public static DetachKeys defaults() {
        return parse(DEFAULT_SPEC);
    }

    /** @throws InvalidArgumentException quoting the input if a key is not one of the forms above */
    public static DetachKeys parse(String spec) {
        if (spec.isEmpty()) {
            return new DetachKeys("", new byte[0]);
        }
        String[] keys = spec.split(",", -1);
        byte[] out = new byte[keys.length];
        for (int i = 0; i < keys.length; i++) {
            String k = keys[i];
            if (k.length() == 1) {
                out[i] = (byte) k.charAt(0);
            } else if (k.length() == 6 && k.startsWith("ctrl-")) {
                char c = k.charAt(5);
                if (c >= 'a' && c <= 'z') {
                    out[i] = (byte) (c - 'a' + 1);
                } else if ("@[\\]^_".indexOf(c) >= 0) {
                    out[i] = (byte) (c - '@');
                } else {
                    throw invalid(spec, k);
                }
            } else {
                throw invalid(spec, k);
            }
        }
        return new DetachKeys(spec, out);
    }

    private static InvalidArgumentException invalid(String spec, String key) {
        return new InvalidArgumentException("invalid detach keys \"" + spec + "\": \"" + key
                + "\" is not a character or ctrl-<a-z@[\\]^_>");
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Whether detaching is off (the empty sequence). */
    public boolean disabled() {
        return bytes.length == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DetachKeys d && d.spec.equals(spec) && Arrays.equals(d.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return spec.hashCode();
    }

    @Override
    public String toString() {
        return spec;
    }
}
