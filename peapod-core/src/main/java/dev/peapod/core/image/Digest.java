package dev.peapod.core.image;

import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.sys.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest as the OCI image spec writes it: {@code algorithm ":" encoded}, e.g.
 * {@code sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855}. Image configs, manifests and layers
 * are addressed by it; an image id is the hex of its config's digest.
 *
 * <p>Only {@code sha256} is supported (the only algorithm registries and the OCI spec require); its encoded part is
 * exactly 64 lower-case hex digits, as the spec demands. Hashing goes through {@link Sha256}, libcrypto's SHA-256 when
 * present.
 *
 * @param algorithm always {@link #SHA256}
 * @param hex       64 lower-case hex digits
 */
public record Digest(String algorithm, String hex) {
    /** The one supported algorithm. */
    public static final String SHA256 = "sha256";
    /** The spec's grammar: {@code algorithm-component (separator algorithm-component)* ":" encoded}. */
    private static final Pattern GRAMMAR = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /**
     * @throws InvalidArgumentException if the algorithm is not sha256 or the hex is not 64 lower-case hex digits
     */
    public Digest {
        if (!SHA256.equals(algorithm)) {
            throw new InvalidArgumentException("unsupported digest algorithm \"" + algorithm + "\": only sha256 is "
                    + "supported");
        }
        if (hex == null || !SHA256_HEX.matcher(hex).matches()) {
            throw new InvalidArgumentException("invalid sha256 digest hex \"" + hex + "\": expected 64 lower-case "
                    + "hex digits");
        }
    }

    /**
     * Parses {@code algorithm:hex}.
     *
     * @throws InvalidArgumentException quoting the input when it does not follow the grammar, names another algorithm,
     *                                  or its sha256 part is not 64 lower-case hex digits
     */
    public static Digest parse(String s) {
        if (s == null || !GRAMMAR.matcher(s).matches()) {
            throw new InvalidArgumentException("invalid digest \"" + s + "\": expected algorithm:hex, e.g. "
                    + "sha256:<64 hex digits>");
        }
        int colon = s.indexOf(':');
        String algorithm = s.substring(0, colon);
        String hex = s.substring(colon + 1);
        if (!algorithm.equals(SHA256)) {
            throw new InvalidArgumentException("invalid digest \"" + s + "\": algorithm " + algorithm
                    + " is not supported, only sha256");
        }
        if (!SHA256_HEX.matcher(hex).matches()) {
            throw new InvalidArgumentException("invalid digest \"" + s + "\": sha256 needs 64 lower-case hex digits");
        }
        return new Digest(SHA256, hex);
    }

    /**
     * A sha256 digest given either whole ({@code sha256:HEX}) or as its bare hex (an image id, a layer directory name).
     *
     * @throws InvalidArgumentException quoting the input when it is neither
     */
    public static Digest parseOrHex(String s) {
        if (s != null && SHA256_HEX.matcher(s).matches()) {
            return new Digest(SHA256, s);
        }
        return parse(s);
    }

    /**
     * The sha256 digest whose hex is {@code hex} (an image id is the hex of its config's digest).
     *
     * @throws InvalidArgumentException if {@code hex} is not 64 lower-case hex digits
     */
    public static Digest ofHex(String hex) {
        return new Digest(SHA256, hex);
    }

    /** Whether {@code s} parses as a digest. */
    public static boolean isValid(String s) {
        return s != null && s.startsWith(SHA256 + ":") && SHA256_HEX.matcher(s).region(SHA256.length() + 1, s.length())
                .matches();
    }

    /** The sha256 digest of {@code data}. */
    public static Digest sha256(byte[] data) {
        MessageDigest md = newHasher();
        md.update(data);
        return of(md);
    }

    /** The sha256 digest of everything {@code in} still holds; reads it to its end and leaves it open. */
    public static Digest sha256(InputStream in) throws IOException {
        MessageDigest md = newHasher();
        byte[] buf = new byte[65536];
        int n;
        while ((n = in.read(buf)) > 0) {
            md.update(buf, 0, n);
        }
        return of(md);
    }

    /**
     * A new streaming sha256 hasher (for {@link java.security.DigestInputStream} and friends); finish it with
     * {@link #of(MessageDigest)}. Not thread-safe.
     */
    public static MessageDigest newHasher() {
        return Sha256.newDigest();
    }

    /** Finishes a hasher from {@link #newHasher()} (which is reset) and returns its digest. */
    public static Digest of(MessageDigest hasher) {
        return new Digest(SHA256, HexFormat.of().formatHex(hasher.digest()));
    }

    /** Whether this is the digest of {@code data}. */
    public boolean matches(byte[] data) {
        return equals(sha256(data));
    }

    /** The first 16 hex digits: the name of a layer's short link under {@code overlay/l/}. */
    String shortHex() {
        return hex.substring(0, 16);
    }

    /** {@code sha256:HEX}. */
    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
