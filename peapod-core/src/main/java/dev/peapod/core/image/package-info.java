/**
 * The local image store and container root file systems.
 *
 * <p>{@link dev.peapod.core.image.ImageStore} is the façade over one storage root (OCI image spec: configs and
 * manifests by sha256, extracted layers by diffID, shared layers stored once). Behind it, package-private: the index
 * file replaced atomically ({@code ImageIndex}), name and id resolution ({@code Names}), configs and manifests by
 * digest ({@code BlobStore}), layers staged from any tar stream and installed by diffID ({@code LayerStore}), the OCI
 * documents ({@code OciJson}), private staging directories ({@code StagingArea}), the store lock ({@code StoreLock})
 * and import/load of root file systems and OCI/docker archives ({@code Importer}, {@code ArchiveReader}). Every image
 * enters through {@code ImageStore.commit}, under the lock.
 *
 * <p>{@link dev.peapod.core.image.Digest} is the one parser of {@code sha256:<hex>}.
 * {@link dev.peapod.core.image.ContainerStorage} stacks an image's layers on overlayfs for each container.
 * {@link dev.peapod.core.image.SafeTarExtractor} is the only way layers reach the disk.
 * {@link dev.peapod.core.image.BuiltinImages} builds busybox and the infra image from Debian packages, so nothing needs
 * the network.
 */
package dev.peapod.core.image;
