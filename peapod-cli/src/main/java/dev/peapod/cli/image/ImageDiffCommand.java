package dev.peapod.cli.image;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.format.Json;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.image.LayerChanges;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod image diff}: what an image's top layer changed, as {@code A|C|D PATH} lines or podman's JSON. */
@Command(name = "diff", mixinStandardHelpOptions = true, header = "Inspect changes to the image's file systems",
        description = "Displays changes to the image's filesystem.  The image will be compared to its parent layer.",
        customSynopsis = "${COMMAND-FULL-NAME} [options] IMAGE")
public final class ImageDiffCommand extends EngineCommand {
    @Option(names = "--format", paramLabel = "string", description = "Change the output format (json)")
    String format;

    @Parameters(paramLabel = "IMAGE", arity = "1", description = "Image name or ID")
    String image;

    @Override
    public Integer call() {
        List<LayerChanges.Change> changes = images().store().changes(image);
        if (format != null && !format.isBlank()) {
            if (!format.strip().equalsIgnoreCase("json")) {
                throw new InvalidArgumentException("only --format json is supported, not \"" + format + "\"");
            }
            Map<String, Object> json = new dev.peapod.core.inspect.Doc.Struct();
            for (char kind : new char[] {'C', 'A', 'D'}) {
                List<String> paths = changes.stream().filter(c -> c.kind() == kind).map(LayerChanges.Change::path)
                        .toList();
                if (!paths.isEmpty()) {
                    json.put(kind == 'C' ? "changed" : kind == 'A' ? "added" : "deleted", paths);
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
