package dev.peapod.cli;

import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.Signal;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converter for {@code --signal} and {@code --stop-signal}: a bad signal is a command-line error. */
public final class SignalConverter implements ITypeConverter<Signal> {
    @Override
    public Signal convert(String value) {
        try {
            return Signal.parse(value);
        } catch (InvalidArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
