package dev.peapod.cli;

import picocli.CommandLine.Option;

/** {@code -f/--format} of the inspect commands (a mixin): a Go template, or {@code json} (the default). */
public final class InspectFormat {
    @Option(names = {"-f", "--format"}, paramLabel = "string", defaultValue = "json",
            description = "Format the output to a Go template or json (default \"json\")")
    public String template;
}
