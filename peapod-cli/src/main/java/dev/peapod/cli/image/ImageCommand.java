package dev.peapod.cli.image;

import dev.peapod.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code peapod image}: the image commands. */
@Command(name = "image", mixinStandardHelpOptions = true, header = "Manage images", description = "Manage images",
        customSynopsis = "peapod image [command]")
public final class ImageCommand extends GroupCommand {
}
