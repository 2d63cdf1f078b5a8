package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.format.Json;
import dev.peapod.core.ContainerChanges;
import dev.peapod.core.define.InvalidArgumentException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod diff}: what a container changed over its image, as {@code A|C|D PATH} lines or podman's JSON. */
@Command(name = "diff", mixinStandardHelpOptions = true, header = "Display the changes to the object's file system",
        description = "Displays changes on a container's filesystem.  The container will be compared to its parent "
                + "layer.", customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER")
public final class DiffCommand extends EngineCommand {
    @Option(names = "--format", paramLabel = "string", description = "Change the output format (json)")
    String format;

    @Parameters(paramLabel = "CONTAINER", arity = "1", description = "Container name or ID")
    String container;

    @Override
    public Integer call() {
        List<ContainerChanges.Change> changes = ContainerChanges.diff(runtime().container(container));
        if (format != null && !format.isBlank()) {
            if (!format.strip().equalsIgnoreCase("json")) {
                throw new InvalidArgumentException("only --format json is supported, not \"" + format + "\"");
            }
            Map<String, Object> json = new dev.peapod.core.inspect.Doc.Struct();
            for (var kind : List.of(ContainerChanges.Kind.C, ContainerChanges.Kind.A, ContainerChanges.Kind.D)) {
                List<String> paths = changes.stream().filter(c -> c.kind() == kind).map(ContainerChanges.Change::path)
                        .toList();
                if (!paths.isEmpty()) {
                    json.put(switch (kind) {
                        case C -> "changed";
                        case A -> "added";
                        case D -> "deleted";
                    }, paths);
                }
            }
            out().println(Json.pretty(json, Json.INSPECT_INDENT));
        } else {
            changes.forEach(out()::println);
        }
        out().flush();
        return 0;
    }
}
