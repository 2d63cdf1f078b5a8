package dev.peapod.cli;

import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.Signal;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converter for {@code --signal} and {@code --stop-signal}: a bad signal is a command-line error, reported
 * as podman does, with core's words alone ({@code Error: invalid signal: 0}, exit 125; see
 * {@link ExitCodes#reportParameterError}).
 */
public final class SignalConverter implements ITypeConverter<Signal> {
    @Override
    public Signal convert(String value) {
        try {
            return Signal.parse(value);
        } catch (InvalidArgumentException e) {
            throw new InvalidSignal(e.getMessage());
        }
    }

    /** A signal that does not parse: its message is printed as it is, without picocli's option prefix. */
    public static final class InvalidSignal extends TypeConversionException {
        private static final long serialVersionUID = 1L;

        InvalidSignal(String message) {
            super(message);
        }
    }
}
