package dev.peapod.core;

import dev.peapod.core.container.ContainerStorageDriver;
import dev.peapod.core.image.BuiltinImages;
import dev.peapod.core.image.ContainerStorage;
import dev.peapod.core.image.Image;
import dev.peapod.core.image.ImageStore;
import java.nio.file.Path;

/**
 * The engine's storage on the real image store and overlayfs. Built-in images (busybox, the infra
 * image) are made from the host's packages the first time a container asks for them.
 */
final class ImageStorageDriver implements ContainerStorageDriver, AutoCloseable {
    private final ImageStore images;
    private final ContainerStorage containers;

    ImageStorageDriver(ImageStore images, ContainerStorage containers) {
        this.images = images;
        this.containers = containers;
    }

    static ImageStorageDriver open(Path root) {
        ImageStore images = ImageStore.open(root);
        return new ImageStorageDriver(images, new ContainerStorage(root, images));
    }

    ImageStore images() {
        return images;
    }

    @Override
    public ImageSpec resolveImage(String reference) {
        Image img = images.find(reference).orElseGet(() -> {
            if (BuiltinImages.isBuiltin(reference)) {
                return BuiltinImages.ensure(images, reference);
            }
            return images.resolve(reference);
        });
        var c = img.config();
        String name = img.nameFor(reference);
        return new ImageSpec(img.id(), name, c.env(), c.entrypoint(), c.cmd(), c.workingDir(), c.user(), c.stopSignal());
    }

    @Override
    public ImageExtras imageExtras(String imageId) {
        return ImageConfigExtras.read(images.blob(imageId));
    }

    @Override
    public Path mount(String containerId, String imageId) {
        return containers.mount(containerId, imageId);
    }

    @Override
    public void unmount(String containerId) {
        containers.unmount(containerId);
    }

    @Override
    public Path containerDir(String containerId) {
        return containers.containerDir(containerId);
    }

    @Override
    public Path upperDir(String containerId) {
        return containers.upperDir(containerId);
    }

    @Override
    public java.util.List<Path> layerDirs(String imageId) {
        return images.layerDirs(imageId);
    }

    @Override
    public boolean isMounted(String containerId) {
        return containers.isMounted(containerId);
    }

    @Override
    public void remove(String containerId) {
        containers.remove(containerId);
    }

    @Override
    public void close() {
        images.close();
    }
}
