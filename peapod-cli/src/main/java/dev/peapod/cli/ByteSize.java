package dev.peapod.cli;

import dev.peapod.core.define.InvalidArgumentException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;

/**
 * A size in bytes as podman's {@code --memory} takes it: a number with an optional binary unit
 * {@code b k m g t p} (also {@code kb}, {@code kib}...), case-insensitive; {@code 512m} is 512 MiB.
 *
 * @param bytes the size, at least 0
 */
public record ByteSize(long bytes) {
    private static final Pattern SYNTAX = Pattern.compile("(\\d+(?:\\.\\d+)?) ?([kmgtp])?(?:i?b)?",
            Pattern.CASE_INSENSITIVE);

    public ByteSize {
        if (bytes < 0) {
            throw new InvalidArgumentException("a size cannot be negative: " + bytes);
        }
    }

    /**
     * Parses a size.
     *
     * @throws InvalidArgumentException quoting the input and the expected format
     */
    public static ByteSize parse(String s) {
        Matcher m = SYNTAX.matcher(s == null ? "" : s.strip());
        if (!m.matches()) {
            throw new InvalidArgumentException("invalid size \"" + s + "\": use <number>[<unit>], where unit = "
                    + "b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes)");
        }
        int shift = m.group(2) == null ? 0 : 10 * ("kmgtp".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1);
        BigDecimal v = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(2).pow(shift));
        try {
            return new ByteSize(v.setScale(0, java.math.RoundingMode.DOWN).longValueExact());
        } catch (ArithmeticException e) {
            throw new InvalidArgumentException("invalid size \"" + s + "\": too large");
        }
    }

    /** picocli converter, so a bad size is a command-line error (exit 125, with the help hint). */
    public static final class Converter implements ITypeConverter<ByteSize> {
        @Override
        public ByteSize convert(String value) {
            try {
                return parse(value);
            } catch (InvalidArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
