package dev.peapod.cli.image;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.image.Image;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code peapod tag} and {@code peapod untag}: names added to or taken from a local image. */
public final class TagCommands {
    private TagCommands() {
    }

    /** {@code peapod tag IMAGE TARGET_NAME...}. */
    @Command(name = "tag", mixinStandardHelpOptions = true, header = "Add an additional name to a local image",
            customSynopsis = "${COMMAND-FULL-NAME} IMAGE TARGET_NAME [TARGET_NAME...]")
    public static final class Tag extends EngineCommand {
        @Parameters(index = "0", paramLabel = "IMAGE", description = "Image name or ID")
        String image;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "TARGET_NAME", description = "New names")
        List<String> names = new ArrayList<>();

        @Override
        public Integer call() {
            var store = images().store();
            String id = store.resolve(image).id();
            for (String n : names) {
                store.tag(id, n);
            }
            return 0;
        }
    }

    /** {@code peapod untag IMAGE [NAME...]}: without names, every name of the image is removed. */
    @Command(name = "untag", mixinStandardHelpOptions = true, header = "Remove a name from a local image",
            customSynopsis = "${COMMAND-FULL-NAME} IMAGE [IMAGE...]")
    public static final class Untag extends EngineCommand {
        @Parameters(index = "0", paramLabel = "IMAGE", description = "Image name or ID")
        String image;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "NAME", description = "Names to remove")
        List<String> names = new ArrayList<>();

        @Override
        public Integer call() {
            var store = images().store();
            Image img = store.resolve(image);
            for (String n : names.isEmpty() ? img.names() : names) {
                store.untag(n);
            }
            return 0;
        }
    }
}
