/**
 * The local image store and container root file systems.
 *
 * <p>{@link dev.peapod.core.image.ImageStore} keeps images content-addressed under one storage root (OCI image spec:
 * configs and manifests by sha256, extracted layers by diffID, shared layers stored once, a JSON index replaced
 * atomically under a store lock). {@link dev.peapod.core.image.ContainerStorage} stacks an image's layers on overlayfs
 * for each container. {@link dev.peapod.core.image.SafeTarExtractor} is the only way layers reach the disk.
 * {@link dev.peapod.core.image.BuiltinImages} builds busybox and the infra image from Debian packages, so nothing needs
 * the network.
 */
package dev.peapod.core.image;
