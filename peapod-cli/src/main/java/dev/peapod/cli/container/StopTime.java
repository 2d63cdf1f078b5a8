package dev.peapod.cli.container;

import picocli.CommandLine.Option;

/** {@code -t/--time} of stop, restart and rm (a mixin); -1 leaves each container's own stop timeout. */
public final class StopTime {
    @Option(names = {"-t", "--time", "--timeout"}, paramLabel = "uint", defaultValue = "-1",
            description = "Seconds to wait for stop before killing the container (default: the container's stop "
                    + "timeout, 10 unless set)")
    int seconds;
}
