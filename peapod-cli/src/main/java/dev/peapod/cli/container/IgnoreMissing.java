package dev.peapod.cli.container;

import picocli.CommandLine.Option;

/** {@code -i/--ignore} of the container commands that remove or stop (a mixin). */
public final class IgnoreMissing {
    @Option(names = {"-i", "--ignore"}, description = "Ignore errors when a specified container is missing")
    boolean on;
}
