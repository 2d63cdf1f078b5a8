package dev.peapod.cli.image;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.InspectFormat;
import dev.peapod.cli.format.Output;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code peapod image inspect}: the configuration of images. */
@Command(name = "inspect", mixinStandardHelpOptions = true, header = "Display the configuration of an image",
        description = "Displays the low-level information of an image identified by name or ID.",
        customSynopsis = "peapod image inspect [options] IMAGE [IMAGE...]")
public final class ImageInspectCommand extends EngineCommand {
    @Mixin
    InspectFormat format;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image names or IDs")
    List<String> images = new ArrayList<>();

    @Override
    public Integer call() {
        List<ImageInspectReport> reports = new ArrayList<>();
        for (String ref : images) {
            reports.add(ImageInspectReport.of(images().store(), ref));
        }
        out().print(Output.inspect(format.template, reports));
        out().flush();
        return 0;
    }
}
