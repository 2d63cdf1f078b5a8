package dev.peapod.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InUseException;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchImageException;
import dev.peapod.core.define.StateCorruptException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The local, content-addressed image store. Layout under the storage root:
 * <pre>
 * images.lock                    store-wide lock ({@link StoreLock})
 * images/images.json             index of images and their names, replaced atomically ({@link ImageIndex})
 * images/blobs/sha256/HEX        image configs and manifests, by the sha256 of their bytes ({@link BlobStore})
 * overlay/DIFFHEX/diff           an extracted layer, keyed by its diffID ({@link LayerStore})
 * overlay/DIFFHEX/size           the uncompressed tar's size in bytes
 * overlay/l/SHORT                short symlinks to layer dirs, made when a mount needs short option strings
 * tmp/PID-RANDOM/                staging; leftovers of dead processes are removed when a store opens ({@link StagingArea})
 * </pre>
 * The index is a JSON file rather than SQLite: it holds tens to hundreds of small records that every writer rewrites
 * whole under the store lock anyway, readers need no lock because a rename replaces it atomically, it costs no native
 * library load on each CLI call, and a person can read it. Compressed layer blobs are not kept (a registry pull can
 * add them under {@code blobs/} later without changing this layout).
 *
 * <p>This class is a façade: names and ids are resolved by {@link Names}, OCI documents written and read by
 * {@link OciJson}, files brought in by {@link Importer}. Every image enters through {@link Committer}; removals happen
 * here. Both under the store lock.
 *
 * <p>Concurrency: index writes, layer renames and removals happen under the store lock (an in-JVM lock shared by every
 * store on the same root, then an exclusive file lock on {@code images.lock}). Layers are extracted outside the lock
 * into a private staging directory and renamed into place under it, so a long extraction does not block other
 * processes and a crash never leaves a half-extracted layer in {@code overlay/}. Readers see either the old or the new
 * index.
 */
public final class ImageStore implements AutoCloseable {
    private final Path root;
    private final StoreLock lock;
    private final ImageIndex index;
    private final BlobStore blobs;
    private final StagingArea staging;
    private final LayerStore layers;
    private final Committer committer;
    private final Importer importer;
    private final ArchiveWriter archives;
    private final dev.peapod.core.events.EventJournal events;

    private ImageStore(Path root) throws IOException {
        this.events = dev.peapod.core.events.EventJournal.forStore(root);
        this.root = root;
        Path blobDir = Files.createDirectories(root.resolve("images/blobs/sha256"));
        Path overlay = Files.createDirectories(root.resolve("overlay"));
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        this.lock = new StoreLock(root);
        this.index = new ImageIndex(root.resolve("images/images.json"), lock);
        this.blobs = new BlobStore(blobDir);
        this.staging = new StagingArea(tmp);
        this.layers = new LayerStore(overlay, staging);
        this.committer = new Committer(lock, index, blobs, layers);
        this.importer = new Importer(committer, layers, staging);
        this.archives = new ArchiveWriter(blobs, layers, staging);
    }

    /**
     * Opens (creating if needed) the store under {@code storageRoot}, and removes staging directories left by processes
     * that no longer run.
     *
     * @throws UncheckedIOException if the directories cannot be created
     */
    public static ImageStore open(Path storageRoot) {
        try {
            Files.createDirectories(storageRoot);
            ImageStore s = new ImageStore(storageRoot.toAbsolutePath().normalize());
            s.lock.locked(s.staging::removeStale);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open image store at " + storageRoot + ": " + e.getMessage(), e);
        }
    }

    /** The storage root this store lives under. */
    public Path root() {
        return root;
    }

    @Override
    public void close() {
        lock.close();
    }

    // ---------------------------------------------------------------- lookup

    /** Every image, in the order they were added. */
    public List<Image> list() {
        return index.read();
    }

    /**
     * Finds an image by name or id: a full id (with or without {@code sha256:}), a normalized name
     * ({@code localhost/busybox:latest}), a short name ({@code busybox} matches {@code localhost/busybox:latest} and
     * any {@code REGISTRY/busybox:latest} or {@code REGISTRY/library/busybox:latest}), {@code name@sha256:...} by
     * manifest digest, or a unique id prefix.
     *
     * @throws InvalidArgumentException if a short name or id prefix fits more than one image, or the text is empty
     */
    public Optional<Image> find(String refOrId) {
        return Names.find(list(), refOrId);
    }

    /**
     * Like {@link #find} but the image must exist.
     *
     * @throws NoSuchImageException {@code REF: image not known}, podman's words (scripts match them)
     */
    public Image resolve(String refOrId) {
        return find(refOrId).orElseThrow(() -> new NoSuchImageException(refOrId + ": image not known"));
    }

    /**
     * The extracted layer directories of an image, lowest first (reverse them for overlayfs' {@code lowerdir}).
     *
     * @throws NoSuchImageException  if no image has this id
     * @throws StateCorruptException if a layer directory is missing
     */
    public List<Path> layerDirs(String imageId) {
        Image image = ImageIndex.byId(list(), imageId)
                .orElseThrow(() -> new NoSuchImageException("no image with id " + imageId + " in " + root));
        List<Path> dirs = new ArrayList<>();
        for (String d : image.diffIds()) {
            Path p = layers.dir(Digest.parse(d));
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new StateCorruptException("layer " + d + " of image " + Ids.shortId(imageId) + " is missing at " + p
                        + ": remove the image and import or pull it again");
            }
            dirs.add(p);
        }
        return dirs;
    }

    /** The uncompressed size recorded for a layer ({@code sha256:} diffID), 0 when unknown: {@code system df}'s sums. */
    public long layerSize(String diffId) {
        return layers.size(Digest.parseOrHex(diffId));
    }

    /**
     * Reads a blob (config or manifest) by its {@code sha256:} digest (or bare hex, as an image id is).
     *
     * @throws InvalidArgumentException if {@code digest} is not a sha256 digest
     * @throws StateCorruptException    if the store lacks it
     */
    public byte[] blob(String digest) {
        return blobs.read(Digest.parseOrHex(digest));
    }

    /** Runs {@code body} under the store lock (see {@link StoreLock}); {@link ContainerStorage} shares it. */
    <T> T locked(Supplier<T> body) {
        return lock.locked(body);
    }

    /** {@code overlay/}, where {@link ContainerStorage} makes the short links of layers. */
    Path overlayDir() {
        return layers.root();
    }

    /**
     * The history of an image, newest step first ({@code podman image history}).
     *
     * @throws NoSuchImageException if nothing answers to {@code refOrId}
     */
    public List<ImageHistory> history(String refOrId) {
        Image image = resolve(refOrId);
        JsonNode config = OciJson.parse(blob(image.id()), "the config of image " + Ids.shortId(image.id()));
        return ImageHistory.of(image, config, list(), layers);
    }

    /**
     * What an image's top layer changed over its parent's layers ({@code podman image diff}), sorted by path.
     *
     * @throws NoSuchImageException if nothing answers to {@code refOrId}
     */
    public List<LayerChanges.Change> changes(String refOrId) {
        return LayerChanges.of(layerDirs(resolve(refOrId).id()));
    }

    // ---------------------------------------------------------------- names and removal

    /**
     * Adds {@code newName} to an image. A name belongs to one image: another image holding it loses it.
     *
     * @throws InvalidArgumentException if {@code newName} is not a valid reference or carries a digest
     * @throws NoSuchImageException     if {@code refOrId} names no image
     */
    public void tag(String refOrId, String newName) {
        String name = Names.normalize(newName, ImageReference.LOCALHOST);
        String id = resolve(refOrId).id();
        index.update(images -> ImageIndex.giveNames(images, id, List.of(name)));
        emit("tag", id, name);
    }

    /**
     * Removes a name from its image; the image itself stays (possibly without names).
     *
     * @throws NoSuchImageException if no image has this name
     */
    public void untag(String name) {
        String n = Names.normalize(name, ImageReference.LOCALHOST);
        index.update(images -> {
            Image holder = images.stream().filter(i -> i.names().contains(n)).findFirst()
                    .orElseThrow(() -> new NoSuchImageException("no image is named \"" + name + "\""));
            return images.stream().map(i -> i == holder
                    ? ImageIndex.withNames(i, i.names().stream().filter(x -> !x.equals(n)).toList()) : i).toList();
        });
        emit("untag", "", n);
    }

    /**
     * Removes a whole image, with all its names (use {@link #untag} to drop one name), its config and manifest blobs
     * unless another image shares them, and every layer no other image uses. The engine checks its containers first;
     * as a safety net the store also refuses while a {@link ContainerStorage} root file system made from the image
     * still exists.
     *
     * @throws NoSuchImageException if nothing answers to {@code refOrId}
     * @throws InUseException       naming the containers whose root file systems use the image
     */
    public void remove(String refOrId) {
        lock.locked(() -> {
            Image gone = resolve(refOrId);
            List<String> users = ContainerStorage.containersUsing(root, gone.id());
            if (!users.isEmpty()) {
                throw new InUseException("image " + Ids.shortId(gone.id()) + " " + gone.names()
                        + " is in use by container(s) " + users.stream().map(Ids::shortId).toList()
                        + ": remove them first");
            }
            List<Image> rest = index.update(images -> images.stream().filter(i -> !i.id().equals(gone.id())).toList());
            Set<String> used = new HashSet<>();
            rest.forEach(i -> used.addAll(i.diffIds()));
            for (String d : gone.diffIds()) {
                if (!used.contains(d)) {
                    layers.removeLocked(Digest.parse(d));
                }
            }
            blobs.delete(Digest.ofHex(gone.id()));
            if (rest.stream().noneMatch(i -> i.digest().equals(gone.digest()))) {
                blobs.delete(Digest.parse(gone.digest()));
            }
            emit("remove", gone.id(), gone.names().isEmpty() ? gone.id() : gone.names().getFirst());
        });
    }

    /** Records an image's lifecycle step in the store's event journal (podman's image events). */
    public void emit(String status, String id, String name) {
        events.write(dev.peapod.core.events.Event.of(dev.peapod.core.events.EventType.IMAGE, status, id, name, null));
    }

    // ---------------------------------------------------------------- import and load

    /**
     * Imports a root file system as a one-layer image, like {@code podman import}: a tarball (plain, gzip or zstd) or a
     * directory. The image is created now, so importing the same content twice gives two ids.
     *
     * @param name   a reference ({@code myimage}, {@code localhost/myimage:1}); short names get {@code localhost/};
     *               null or empty for an unnamed image
     * @param config the runtime configuration to record; null for none
     * @throws InvalidArgumentException if the name is invalid, the path does not exist, or the tarball is malformed or
     *                                  hostile (see {@link SafeTarExtractor})
     */
    public Image importRootfs(Path tarballOrDir, String name, ImageConfig config) {
        return importRootfs(tarballOrDir, name, config, "");
    }

    /** Like {@link #importRootfs(Path, String, ImageConfig)}, recording {@code message} as the history's comment. */
    public Image importRootfs(Path tarballOrDir, String name, ImageConfig config, String message) {
        Image made = importer.importRootfs(tarballOrDir, name, config, message);
        emit("import", made.id(), tarballOrDir.toString());
        return made;
    }

    /**
     * Imports an uncompressed tar stream as a one-layer image with a fixed creation time: the same bytes, names, config
     * and time give the same image id.
     */
    Image importLayer(InputStream tar, List<String> names, ImageConfig config, Instant created, String createdBy) {
        return importer.importLayer(tar, names, config, created, createdBy);
    }

    /**
     * Makes an image of a container's writable layer over its image ({@code commit}): the layer is read from
     * {@code upperDir} (overlay whiteouts become OCI {@code .wh.} entries), stored once like any other, and put on top
     * of {@code parentId}'s layers, which are shared; the parent's history entries are kept as they are, the commit's
     * own added after them.
     *
     * @param name   the new image's name ({@code myimage} becomes {@code localhost/myimage:latest}); null or empty for
     *               an unnamed image
     * @param config the new image's runtime configuration
     * @param info   the history entry's text, the author and the message
     * @throws NoSuchImageException if the parent image is gone
     */
    public Image commitLayer(String parentId, Path upperDir, String name, ImageConfig config, CommitInfo info) {
        List<String> names = name == null || name.isEmpty() ? List.of()
                : List.of(Names.normalize(name, ImageReference.LOCALHOST));
        Image parent = ImageIndex.byId(list(), parentId)
                .orElseThrow(() -> new NoSuchImageException("no image with id " + parentId + " in " + root));
        List<OciJson.History> history = OciJson.History.of(OciJson.parse(blob(parent.id()),
                "the config of image " + Ids.shortId(parent.id())));
        return importer.commitLayer(parent, history, upperDir, names, config, Instant.now(), info);
    }

    /**
     * Loads every image of an archive: an OCI archive ({@code oci-layout} and {@code index.json}) or a docker archive
     * ({@code manifest.json}), plain or compressed. Digests of manifests, configs and layers are checked, and each
     * layer's uncompressed digest must match the config's {@code diff_ids}.
     *
     * <p>Names: docker archives' {@code RepoTags} are read as Docker does ({@code busybox:latest} becomes
     * {@code docker.io/library/busybox:latest}); OCI archives' {@code io.containerd.image.name} or
     * {@code org.opencontainers.image.ref.name} annotation is used when it is a full reference, short names getting
     * {@code localhost/}; a bare tag gives an unnamed image.
     *
     * @return the images loaded, in archive order
     * @throws InvalidArgumentException if the file is neither format, or is inconsistent (digest mismatch, missing blob)
     */
    public List<Image> load(Path archive) {
        List<Image> loaded = importer.load(archive);
        for (Image i : loaded) {
            emit("loadfromarchive", i.id(), i.names().isEmpty() ? archive.toString() : i.names().getFirst());
        }
        return loaded;
    }

    /**
     * Writes images as one archive ({@code podman save}) that {@link #load} and podman read back. An image named by a
     * name is saved under that name; one given by id is saved unnamed. Without {@code multiImage}, as podman's, only
     * the first argument is an image: the others are more names recorded for it (docker archives only).
     *
     * @param multiImage every argument is an image ({@code -m}); only for docker archives, as podman's
     * @throws NoSuchImageException     naming an argument that answers to no image
     * @throws InvalidArgumentException for several images in an OCI archive, or an invalid extra name
     */
    public void save(List<String> refsOrIds, ArchiveFormat format, boolean multiImage, OutputStream out) {
        if (format.directory()) {
            throw new InvalidArgumentException("format \"" + format.flag() + "\" writes a directory: give one with -o");
        }
        archives.write(ArchiveWriter.entries(refsOrIds, format, multiImage, this::resolve), format, out);
    }

    /**
     * Writes one image as a directory ({@code save --format oci-dir|docker-dir -o DIR}) that {@link #load} and podman
     * read back: the OCI image layout, or podman's {@code docker-dir} (a {@code version} file, a schema 2
     * {@code manifest.json}, blobs by hex digest). The directory is made if missing.
     *
     * @param compress gzip the layers (podman's default for {@code oci-dir}, {@code --compress} for {@code docker-dir})
     * @throws InvalidArgumentException for an archive format or several images
     */
    public void saveDirectory(List<String> refsOrIds, ArchiveFormat format, Path dir, boolean compress) {
        if (!format.directory()) {
            throw new InvalidArgumentException("format \"" + format.flag() + "\" writes an archive, not a directory");
        }
        archives.writeDirectory(ArchiveWriter.entries(refsOrIds, format, false, this::resolve), format, dir, compress);
    }

    // ---------------------------------------------------------------- registry hooks

    /**
     * A private directory in the store's staging area for a download. Closing it deletes it; a process that dies first
     * leaves it to the next {@link #open}, which removes staging of dead processes.
     */
    public final class Staging implements AutoCloseable {
        private final Path dir = staging.newDir();

        /** The directory, empty when created. */
        public Path dir() {
            return dir;
        }

        @Override
        public void close() {
            staging.delete(dir);
        }
    }

    /** Creates a private staging directory; see {@link Staging}. */
    public Staging stagingArea() {
        return new Staging();
    }

    /**
     * Whether a layer with this uncompressed digest is already extracted in the store (and would be shared).
     *
     * @throws InvalidArgumentException if {@code diffId} is not a sha256 digest
     */
    public boolean hasLayer(String diffId) {
        return layers.has(Digest.parseOrHex(diffId));
    }

    /**
     * A layer of a pull, extracted into a staging directory and checked against its diffID, not yet in the store
     * (or, when {@link #hasLayer} said so, a reference to the one the store has).
     */
    public static final class PulledLayer {
        private final LayerStore.StagedLayer staged;

        private PulledLayer(LayerStore.StagedLayer staged) {
            this.staged = staged;
        }

        /** The layer's uncompressed digest. */
        public String diffId() {
            return staged.diffId().toString();
        }
    }

    /**
     * Extracts a downloaded layer blob (plain, gzip or zstd) through {@link SafeTarExtractor} into a new directory
     * under {@code stage} and checks its uncompressed digest; nothing enters the store until {@link #storePulled}.
     * Safe to call for several layers at once.
     *
     * @param blob           the blob, whose digest and size the caller has checked
     * @param expectedDiffId the config's {@code rootfs.diff_ids} entry for this layer
     * @param stage          a directory from {@link #stagingArea()}
     * @throws InvalidArgumentException if the content's digest differs or the tar is malformed or hostile
     */
    public PulledLayer extractPulled(Path blob, String expectedDiffId, Path stage) {
        Digest expected = Digest.parseOrHex(expectedDiffId);
        try {
            Path layerStage = Files.createTempDirectory(stage, "layer-");
            try (InputStream in = SafeTarExtractor.decompressed(Files.newInputStream(blob))) {
                LayerStore.StagedLayer l = layers.stage(in, layerStage, expected);
                in.transferTo(OutputStream.nullOutputStream());
                return new PulledLayer(l);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("extracting layer " + expectedDiffId + ": " + e.getMessage(), e);
        }
    }

    /** A pulled layer the store already has ({@link #hasLayer}): it is shared, not extracted again. */
    public PulledLayer existingLayer(String diffId) {
        return new PulledLayer(LayerStore.StagedLayer.existing(Digest.parseOrHex(diffId)));
    }

    /**
     * Records an image fetched from a registry: checks that the layers are exactly the config's
     * {@code rootfs.diff_ids}, then moves the staged layers into place and adds the image to the index under the store
     * lock. The caller has checked the manifest's and config's digests. On any failure nothing is recorded.
     *
     * @param names normalized names to give the image (taken from any image holding them)
     * @throws InvalidArgumentException if the layers do not match the config
     * @throws StateCorruptException    if a shared layer the pull relied on was removed meanwhile (pull again)
     */
    public Image storePulled(byte[] configBlob, byte[] manifest, List<String> names, List<PulledLayer> layers) {
        return committer.commit(configBlob, manifest, names, layers.stream().map(l -> l.staged).toList());
    }

    /**
     * Writes an extracted layer as an uncompressed tar for a registry push: sorted names, overlay whiteouts (0/0
     * character devices) written back as {@code .wh.NAME} entries. The bytes need not equal the tar the layer came from,
     * so the caller digests them.
     *
     * @throws NoSuchImageException if the layer is not in the store
     */
    public void writeLayerTar(String diffId, OutputStream out) {
        layers.writeTar(Digest.parseOrHex(diffId), out);
    }

    /**
     * Writes a layer as the very tar it was stored from (its tar-split rebuilt over the extracted files), so that a
     * push keeps the layer's diffID and the image its id. The caller digests the bytes and falls back to
     * {@link #writeLayerTar} when they are not the diffID.
     *
     * @throws IOException if the layer has no tar-split (stored before they were kept) or its files changed
     */
    public void writeStoredLayerTar(String diffId, OutputStream out) throws IOException {
        layers.writeStoredTar(Digest.parseOrHex(diffId), out);
    }
}
