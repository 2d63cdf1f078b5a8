package dev.peapod.core.define;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Ids and names of pods and containers: one id space and one name space for both, as in podman. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final Pattern FULL_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ID_PREFIX = Pattern.compile("[0-9a-f]{1,64}");

    private Ids() {
    }

    /** A new random 64-hex-digit id. Never all digits, so it cannot be mistaken for a number (as podman). */
    public static String newId() {
        byte[] bytes = new byte[32];
        while (true) {
            RANDOM.nextBytes(bytes);
            String id = HexFormat.of().formatHex(bytes);
            if (!id.chars().allMatch(Character::isDigit)) {
                return id;
            }
        }
    }

    /** The 12-character short form shown by {@code ps}. */
    public static String shortId(String id) {
        return id.length() <= 12 ? id : id.substring(0, 12);
    }

    public static boolean isFullId(String s) {
        return s != null && FULL_ID.matcher(s).matches();
    }

    /** Whether {@code s} could be a (prefix of an) id. */
    public static boolean isIdPrefix(String s) {
        return s != null && ID_PREFIX.matcher(s).matches();
    }

    public static boolean isValidName(String name) {
        return name != null && name.length() <= 253 && NAME.matcher(name).matches();
    }

    /**
     * Checks a user-given name.
     *
     * @throws InvalidArgumentException naming the input and the allowed pattern
     */
    public static String requireValidName(String name, String what) {
        if (!isValidName(name)) {
            throw new InvalidArgumentException(what + " name \"" + name + "\" is invalid: names must match "
                    + "[a-zA-Z0-9][a-zA-Z0-9_.-]* (at most 253 characters)");
        }
        return name;
    }

    /** A generated name for an object the user did not name: adjective_noun style, like podman's. */
    public static String randomName() {
        String[] left = {"brave", "calm", "eager", "fancy", "gentle", "happy", "jolly", "keen", "lucid", "merry",
            "nifty", "proud", "quiet", "sharp", "tender", "vivid", "wise", "zealous", "bold", "crisp"};
        String[] right = {"pea", "pod", "sprout", "lentil", "bean", "clover", "vetch", "lupin", "tare", "carob",
            "tamarind", "wisteria", "acacia", "mimosa", "peanut", "chickpea", "alfalfa", "soy", "fava", "mung"};
        return left[RANDOM.nextInt(left.length)] + "_" + right[RANDOM.nextInt(right.length)] + "_"
                + Integer.toHexString(RANDOM.nextInt(0x10000));
    }
}
