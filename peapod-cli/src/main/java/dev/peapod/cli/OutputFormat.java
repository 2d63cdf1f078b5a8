package dev.peapod.cli;

import picocli.CommandLine.Option;

/** {@code -f/--format} of info and version (a mixin): JSON or a Go template; null for the human layout. */
public final class OutputFormat {
    @Option(names = {"-f", "--format"}, paramLabel = "string",
            description = "Change the output format to JSON or a Go template")
    public String template;
}
