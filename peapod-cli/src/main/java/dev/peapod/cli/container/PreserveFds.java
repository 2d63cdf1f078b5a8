package dev.peapod.cli.container;

import dev.peapod.cli.Request;
import dev.peapod.core.define.InvalidArgumentException;
import picocli.CommandLine;

/**
 * {@code --preserve-fds N} of {@code run}, {@code create} and {@code exec}: the caller's descriptors 3 to N+2 go to the
 * container's process (core's {@link dev.peapod.core.container.PassedFds}, bound for every command by
 * {@link dev.peapod.cli.Main}). As podman, each must be open in the caller.
 */
final class PreserveFds {
    private PreserveFds() {
    }

    /**
     * @throws InvalidArgumentException in podman's words when the caller did not pass descriptor 3 + k for a k < n
     */
    static void check(int n, Request request) {
        if (n > request.passedFds().size()) {
            throw new InvalidArgumentException("file descriptor " + (3 + request.passedFds().size()) + " is not "
                    + "available - the preserve-fds option requires that file descriptors must be passed");
        }
    }

    /** An unsigned count, refused in podman's words otherwise. */
    static final class Count implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value);
                if (n >= 0 && !value.startsWith("+")) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new CommandLine.TypeConversionException("invalid argument \"" + value + "\" for \"--preserve-fds\" "
                    + "flag: strconv.ParseUint: parsing \"" + value + "\": invalid syntax");
        }
    }
}
