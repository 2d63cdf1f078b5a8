package dev.peapod.core;

import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.image.CommitInfo;
import dev.peapod.core.image.Image;
import dev.peapod.core.image.ImageConfig;
import java.util.function.UnaryOperator;

/**
 * Images from containers ({@code commit}): the container's writable layer, whiteouts included, stored once on top of
 * its image's shared layers, with the container's command, environment, working directory and user (the image's
 * labels and stop signal kept) as the new image's configuration, changed as the caller says.
 */
public final class ContainerCommit {
    private ContainerCommit() {
    }

    /** The configuration a commit starts from: the container's own settings over its image's. */
    public static ImageConfig baseConfig(Container c) {
        var cfg = c.config();
        Image parent = c.engine().images() == null ? null : c.engine().images().find(cfg.imageId()).orElse(null);
        ImageConfig img = parent == null ? ImageConfig.empty() : parent.config();
        return new ImageConfig(cfg.env(), cfg.entrypoint(), cfg.command(), cfg.workingDir(), cfg.user(), img.labels(),
                img.stopSignal());
    }

    /**
     * podman's commit flags that say what the image records besides its layer: {@code -a}, {@code -m}, {@code -f}.
     *
     * @param author  the author, null or "" for none
     * @param message the comment, null or "" for none; only with the docker format, as podman's
     * @param format  {@code oci} (the default when null) or {@code docker}
     * @throws InvalidArgumentException in podman's words for another format, or a message with the OCI format
     */
    public record Options(String author, String message, String format) {
        public Options {
            author = author == null ? "" : author;
            message = message == null ? "" : message;
            format = format == null || format.isEmpty() ? "oci" : format;
            if (!format.equals("oci") && !format.equals("docker")) {
                throw new InvalidArgumentException("unrecognized image format \"" + format + "\"");
            }
            if (!message.isEmpty() && format.equals("oci")) {
                throw new InvalidArgumentException("messages are only compatible with the docker image format (-f docker)");
            }
        }
    }

    /**
     * Commits the container as a new image. As podman 4.3.1 records it, the new history entry reads
     * {@code /bin/sh} with the comment {@code FROM IMAGE} and the author; the config carries the author and the
     * message ({@code image inspect}'s Author and Comment).
     *
     * @param name    the image's name, null for none
     * @param changes turns {@link #baseConfig} into the new image's configuration ({@code -c})
     * @param pause   freeze a running container while its layer is read
     * @param options the author, message and format
     * @throws InvalidArgumentException for a container without an image
     */
    public static Image commit(Container c, String name, UnaryOperator<ImageConfig> changes, boolean pause,
            Options options) {
        if (c.config().imageId() == null || c.engine().images() == null) {
            throw new InvalidArgumentException("container " + c.name() + " has no image to commit on top of");
        }
        ImageConfig config = changes.apply(baseConfig(c));
        String from = c.engine().images().find(c.config().imageId()).flatMap(i -> i.names().stream().findFirst())
                .orElse(c.config().image());
        CommitInfo info = new CommitInfo("/bin/sh", options.author(), options.message(), "FROM " + from,
                path -> ContainerChanges.hidden(c, path));
        boolean paused = false;
        if (pause && c.refresh().state() == ContainerStatus.RUNNING) {
            c.pause();
            paused = true;
        }
        try {
            return c.engine().images().commitLayer(c.config().imageId(), c.engine().storage().upperDir(c.id()),
                    name, config, info);
        } finally {
            if (paused) {
                c.unpause();
            }
        }
    }
}
