package dev.peapod.cli.pod;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --pod-id-file} of pod start, stop and rm (a mixin): files written by {@code pod create --pod-id-file}. */
public final class PodIdFileOption {
    @Option(names = "--pod-id-file", paramLabel = "stringArray", description = "Read the pod ID from the file")
    List<String> files = new ArrayList<>();
}
