package dev.peapod.cli.pod;

import picocli.CommandLine.Option;

/** {@code -i/--ignore} of pod stop and pod rm (a mixin). */
public final class PodIgnoreMissing {
    @Option(names = {"-i", "--ignore"}, description = "Ignore errors when a specified pod is missing")
    boolean on;
}
