package dev.peapod.cli.pod;

import picocli.CommandLine.Option;

/** {@code -t/--time} of pod stop and pod rm (a mixin); -1 leaves each container's own stop timeout. */
public final class PodStopTime {
    @Option(names = {"-t", "--time"}, paramLabel = "uint", defaultValue = "-1",
            description = "Seconds to wait for pod stop before killing the container "
                    + "(default: each container's stop timeout, 10 unless set)")
    int seconds;
}
