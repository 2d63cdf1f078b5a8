package dev.peapod.cli.image;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.ExitCodes;
import dev.peapod.core.Container;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InUseException;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchImageException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.Runtime;
import dev.peapod.core.image.Image;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod image rm}, also {@code peapod rmi}: removes images. */
@Command(name = "rm", mixinStandardHelpOptions = true, header = "Removes one or more images from local storage",
        description = "Removes one or more previously pulled or locally created images.",
        customSynopsis = "${COMMAND-FULL-NAME} [options] IMAGE [IMAGE...]")
public final class ImageRmCommand extends EngineCommand implements ExitCodes.Removal {
    @Option(names = {"-a", "--all"}, description = "Remove all images")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "Force Removal of the image")
    boolean force;

    @Option(names = {"-i", "--ignore"}, description = "Ignore errors if a specified image does not exist")
    boolean ignore;

    @Parameters(paramLabel = "IMAGE", arity = "0..*", description = "Image names or IDs")
    List<String> images = new ArrayList<>();

    @Override
    public Integer call() {
        if (images.isEmpty() && !all) {
            throw new InvalidArgumentException("image name or ID must be specified");
        }
        if (!images.isEmpty() && all) {
            throw new InvalidArgumentException("when using the --all switch, you may not pass any images names "
                    + "or IDs");
        }
        var store = images().store();
        List<String> refs = all ? store.list().stream().map(Image::id).toList() : images;
        int code = 0;
        for (String ref : refs) {
            try {
                remove(ref);
            } catch (NoSuchImageException e) {
                if (!ignore) {
                    err().println("Error: " + ExitCodes.message(e));
                    code = ExitCodes.DOES_NOT_EXIST;
                }
            } catch (PeapodException e) {
                err().println("Error: " + ExitCodes.message(e));
                code = ExitCodes.combine(code, ExitCodes.ofRemoval(e));
            }
        }
        out().flush();
        err().flush();
        return code;
    }

    /**
     * Removes one image, as podman: a name of an image that has other names is only untagged; otherwise the
     * image goes, unless a container uses it (with {@code --force} those containers are removed first).
     */
    private void remove(String ref) {
        var store = images().store();
        Image image = store.resolve(ref);
        String asName = image.names().stream().filter(n -> n.equals(ref) || ImageLsCommand.matches(n, ref)
                && !ref.contains("*")).findFirst().orElse(null);
        if (asName != null && image.names().size() > 1) {
            store.untag(asName);
            out().println("Untagged: " + asName);
            return;
        }
        Optional<Runtime> rt = runtimeIfAvailable();
        if (rt.isPresent()) {
            List<Container> users = rt.get().containers().stream()
                    .filter(c -> image.id().equals(c.config().imageId())).toList();
            if (!users.isEmpty() && !force) {
                throw new InUseException("image " + Ids.shortId(image.id()) + " is in use by " + users.size()
                        + " container(s) (" + String.join(", ", users.stream().map(Container::name).toList())
                        + "): remove them first or use --force");
            }
            for (Container c : users) {
                rt.get().removeContainer(c, true, -1);
            }
        }
        store.remove(image.id());
        for (String n : image.names()) {
            out().println("Untagged: " + n);
        }
        out().println("Deleted: " + image.id());
    }
}
