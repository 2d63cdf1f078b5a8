package dev.peapod.core;

import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.define.InvalidArgumentException;
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
     * Commits the container as a new image.
     *
     * @param name    the image's name, null for none
     * @param changes turns {@link #baseConfig} into the new image's configuration ({@code -c})
     * @param pause   freeze a running container while its layer is read
     * @param createdBy the history entry's text
     * @throws InvalidArgumentException for a container without an image
     */
    public static Image commit(Container c, String name, UnaryOperator<ImageConfig> changes, boolean pause,
            String createdBy) {
        if (c.config().imageId() == null || c.engine().images() == null) {
            throw new InvalidArgumentException("container " + c.name() + " has no image to commit on top of");
        }
        ImageConfig config = changes.apply(baseConfig(c));
        boolean paused = false;
        if (pause && c.refresh().state() == ContainerStatus.RUNNING) {
            c.pause();
            paused = true;
        }
        try {
            return c.engine().images().commitLayer(c.config().imageId(), c.engine().storage().upperDir(c.id()),
                    name, config, createdBy);
        } finally {
            if (paused) {
                c.unpause();
            }
        }
    }
}
