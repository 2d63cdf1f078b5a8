package dev.peapod.core.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InUseException;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchImageException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.define.StateCorruptException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The local, content-addressed image store. Layout under the storage root:
 * <pre>
 * images.lock                    store-wide lock (FileChannel.lock, after an in-JVM lock)
 * images/images.json             index of images and their names, replaced atomically (temp file + rename)
 * images/blobs/sha256/HEX        image configs and manifests, by the sha256 of their bytes (OCI layout style)
 * overlay/DIFFHEX/diff           an extracted layer, keyed by its diffID (sha256 of the uncompressed tar)
 * overlay/DIFFHEX/size           the uncompressed tar's size in bytes
 * overlay/l/SHORT                short symlinks to layer dirs, made when a mount needs short option strings
 * tmp/PID-RANDOM/                staging; leftovers of dead processes are removed when a store opens
 * </pre>
 * The index is a JSON file rather than SQLite: it holds tens to hundreds of small records that every writer rewrites
 * whole under the store lock anyway, readers need no lock because a rename replaces it atomically, it costs no native
 * library load on each CLI call, and a person can read it. Compressed layer blobs are not kept (a registry pull can
 * add them under {@code blobs/} later without changing this layout).
 *
 * <p>Concurrency: index writes, layer renames and removals happen under the store lock (an in-JVM
 * {@link ReentrantLock} shared by every store on the same root, then an exclusive {@link FileLock} on
 * {@code images.lock}). Layers are extracted outside the lock into a private staging directory and renamed into place
 * under it, so a long extraction does not block other processes and a crash never leaves a half-extracted layer in
 * {@code overlay/}. Readers see either the old or the new index.
 */
public final class ImageStore implements AutoCloseable {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path root;
    private final Path indexFile;
    private final Path blobs;
    private final Path overlay;
    private final Path tmp;
    private final ReentrantLock jvmLock;
    private final FileChannel lockChannel;
    final ObjectMapper json = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, false);

    private ImageStore(Path root) throws IOException {
        this.root = root;
        this.indexFile = root.resolve("images/images.json");
        this.blobs = root.resolve("images/blobs/sha256");
        this.overlay = root.resolve("overlay");
        this.tmp = root.resolve("tmp");
        Files.createDirectories(blobs);
        Files.createDirectories(overlay);
        Files.createDirectories(tmp);
        this.jvmLock = JVM_LOCKS.computeIfAbsent(root.toRealPath(), p -> new ReentrantLock());
        this.lockChannel = FileChannel.open(root.resolve("images.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
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
            s.locked(() -> {
                s.removeStaleStaging();
                return null;
            });
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
        try {
            lockChannel.close();
        } catch (IOException ignored) {
            // nothing to release beyond the descriptor
        }
    }

    // ---------------------------------------------------------------- lookup

    /** Every image, in the order they were added. */
    public List<Image> list() {
        return readIndex().images;
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
        if (refOrId == null || refOrId.isBlank()) {
            throw new InvalidArgumentException("an image name or id is required");
        }
        List<Image> all = list();
        String hex = refOrId.startsWith("sha256:") ? refOrId.substring(7) : refOrId;
        if (Ids.isFullId(hex)) {
            for (Image i : all) {
                if (i.id().equals(hex)) {
                    return Optional.of(i);
                }
            }
        }
        ImageReference ref = tryParse(refOrId);
        if (ref != null) {
            Optional<Image> byName = findByReference(all, ref, refOrId);
            if (byName.isPresent()) {
                return byName;
            }
        }
        if (Ids.isIdPrefix(hex)) {
            List<Image> hits = all.stream().filter(i -> i.id().startsWith(hex)).toList();
            if (hits.size() > 1) {
                throw new InvalidArgumentException("image id prefix \"" + refOrId + "\" is ambiguous: it matches "
                        + hits.stream().map(i -> Ids.shortId(i.id())).toList() + "; give more of the id");
            }
            if (hits.size() == 1) {
                return Optional.of(hits.getFirst());
            }
        }
        return Optional.empty();
    }

    private static Optional<Image> findByReference(List<Image> all, ImageReference ref, String input) {
        if (!ref.digest().isEmpty()) {
            return all.stream().filter(i -> i.digest().equals(ref.digest()) && (i.names().isEmpty()
                    || i.names().stream().map(ImageStore::tryParse)
                            .anyMatch(n -> n != null && repoMatches(n, ref)))).findFirst();
        }
        ImageReference full = ref.withDefaultTag();
        if (!ref.isShortName()) {
            String name = full.toString();
            return all.stream().filter(i -> i.names().contains(name)).findFirst();
        }
        List<Image> hits = new ArrayList<>();
        List<String> hitNames = new ArrayList<>();
        for (Image i : all) {
            for (String n : i.names()) {
                ImageReference r = tryParse(n);
                if (r != null && r.tag().equals(full.tag()) && repoMatches(r, full)) {
                    if (!hits.contains(i)) {
                        hits.add(i);
                    }
                    hitNames.add(n);
                }
            }
        }
        if (hits.size() > 1) {
            throw new InvalidArgumentException("short name \"" + input + "\" is ambiguous: it matches " + hitNames
                    + "; use the full name");
        }
        return hits.stream().findFirst();
    }

    private static boolean repoMatches(ImageReference stored, ImageReference wanted) {
        if (!wanted.isShortName()) {
            return stored.registry().equals(wanted.registry()) && stored.repository().equals(wanted.repository());
        }
        return stored.repository().equals(wanted.repository())
                || stored.repository().equals("library/" + wanted.repository());
    }

    static ImageReference tryParse(String s) {
        try {
            return ImageReference.parse(s);
        } catch (InvalidArgumentException e) {
            return null;
        }
    }

    /**
     * Like {@link #find} but the image must exist.
     *
     * @throws NoSuchImageException naming the reference and saying to pull or import it
     */
    public Image resolve(String refOrId) {
        return find(refOrId).orElseThrow(() -> new NoSuchImageException("image \"" + refOrId
                + "\" is not in the local store (" + root + "): pull or import it first"));
    }

    /**
     * The extracted layer directories of an image, lowest first (reverse them for overlayfs' {@code lowerdir}).
     *
     * @throws NoSuchImageException  if no image has this id
     * @throws StateCorruptException if a layer directory is missing
     */
    public List<Path> layerDirs(String imageId) {
        Image image = list().stream().filter(i -> i.id().equals(imageId)).findFirst()
                .orElseThrow(() -> new NoSuchImageException("no image with id " + imageId + " in " + root));
        List<Path> dirs = new ArrayList<>();
        for (String d : image.diffIds()) {
            Path p = layerDir(d);
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new StateCorruptException("layer " + d + " of image " + Ids.shortId(imageId) + " is missing at " + p
                        + ": remove the image and import or pull it again");
            }
            dirs.add(p);
        }
        return dirs;
    }

    /** Ids of containers whose root file system (under {@code overlay-containers/}) was made from this image. */
    private List<String> containersUsing(String imageId) {
        List<String> out = new ArrayList<>();
        Path dir = root.resolve(ContainerStorage.CONTAINERS_DIR);
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path c : ds) {
                Path f = c.resolve(ContainerStorage.IMAGE_FILE);
                if (Files.isRegularFile(f) && Files.readString(f).strip().equals(imageId)) {
                    out.add(c.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    Path layerDir(String diffId) {
        return overlay.resolve(hexOf(diffId)).resolve("diff");
    }

    Path overlayDir() {
        return overlay;
    }

    /** Reads a blob (config or manifest) by its {@code sha256:} digest. */
    public byte[] blob(String digest) {
        try {
            return Files.readAllBytes(blobs.resolve(hexOf(digest)));
        } catch (IOException e) {
            throw new StateCorruptException("blob " + digest + " is missing from " + blobs + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- changes

    /**
     * Adds {@code newName} to an image. A name belongs to one image: another image holding it loses it.
     *
     * @throws InvalidArgumentException if {@code newName} is not a valid reference or carries a digest
     * @throws NoSuchImageException     if {@code refOrId} names no image
     */
    public void tag(String refOrId, String newName) {
        String name = normalizeName(newName, ImageReference.LOCALHOST);
        locked(() -> {
            Index idx = readIndex();
            Image target = resolve(refOrId);
            writeIndex(idx.withNames(target.id(), List.of(name), true));
            return null;
        });
    }

    /**
     * Removes a name from its image; the image itself stays (possibly without names).
     *
     * @throws NoSuchImageException if no image has this name
     */
    public void untag(String name) {
        String n = normalizeName(name, ImageReference.LOCALHOST);
        locked(() -> {
            Index idx = readIndex();
            Image holder = idx.images.stream().filter(i -> i.names().contains(n)).findFirst()
                    .orElseThrow(() -> new NoSuchImageException("no image is named \"" + name + "\""));
            List<Image> out = new ArrayList<>();
            for (Image i : idx.images) {
                out.add(i == holder ? withNames(i, i.names().stream().filter(x -> !x.equals(n)).toList()) : i);
            }
            writeIndex(new Index(out));
            return null;
        });
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
        locked(() -> {
            Image gone = resolve(refOrId);
            List<String> users = containersUsing(gone.id());
            if (!users.isEmpty()) {
                throw new InUseException("image " + Ids.shortId(gone.id()) + " " + gone.names() + " is in use by container(s) "
                        + users.stream().map(Ids::shortId).toList() + ": remove them first");
            }
            Index idx = readIndex();
            List<Image> rest = idx.images.stream().filter(i -> !i.id().equals(gone.id())).toList();
            writeIndex(new Index(rest));
            Set<String> used = new LinkedHashSet<>();
            rest.forEach(i -> used.addAll(i.diffIds()));
            for (String d : gone.diffIds()) {
                if (!used.contains(d)) {
                    discard(overlay.resolve(hexOf(d)));
                    try {
                        Files.deleteIfExists(overlay.resolve("l").resolve(shortLink(d)));
                    } catch (IOException ignored) {
                        // a dangling short link is harmless and replaced when needed
                    }
                }
            }
            if (rest.stream().noneMatch(i -> i.id().equals(gone.id()))) {
                deleteQuietly(blobs.resolve(gone.id()));
            }
            if (rest.stream().noneMatch(i -> i.digest().equals(gone.digest()))) {
                deleteQuietly(blobs.resolve(hexOf(gone.digest())));
            }
            return null;
        });
    }

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
        if (!Files.exists(tarballOrDir)) {
            throw new InvalidArgumentException("cannot import \"" + tarballOrDir + "\": no such file or directory");
        }
        List<String> names = name == null || name.isBlank() ? List.of() : List.of(normalizeName(name, ImageReference.LOCALHOST));
        Path stage = newStaging();
        try {
            if (Files.isDirectory(tarballOrDir)) {
                Path tar = stage.resolve("rootfs.tar");
                try (OutputStream out = Files.newOutputStream(tar)) {
                    DirectoryTar.write(tarballOrDir, out);
                }
                try (InputStream in = Files.newInputStream(tar)) {
                    return importLayer(in, names, config, Instant.now().truncatedTo(ChronoUnit.SECONDS), "peapod import "
                            + tarballOrDir, stage);
                }
            }
            try (InputStream in = SafeTarExtractor.decompressed(Files.newInputStream(tarballOrDir))) {
                return importLayer(in, names, config, Instant.now().truncatedTo(ChronoUnit.SECONDS), "peapod import "
                        + tarballOrDir.getFileName(), stage);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("importing " + tarballOrDir + ": " + e.getMessage(), e);
        } finally {
            discard(stage);
        }
    }

    /**
     * Imports an uncompressed tar stream as a one-layer image with a fixed creation time: the same bytes, names, config
     * and time give the same image id.
     */
    Image importLayer(InputStream tar, List<String> names, ImageConfig config, Instant created, String createdBy) {
        Path stage = newStaging();
        try {
            return importLayer(tar, names, config, created, createdBy, stage);
        } finally {
            discard(stage);
        }
    }

    private Image importLayer(InputStream tar, List<String> names, ImageConfig config, Instant created, String createdBy,
            Path stage) {
        StagedLayer layer = extractLayer(tar, stage, null);
        ImageConfig cfg = config == null ? ImageConfig.empty() : config;
        byte[] configBlob = configJson(cfg, created, createdBy, List.of(layer.diffId));
        byte[] manifest = manifestJson(configBlob, List.of(new LayerDescriptor(OCI_LAYER, layer.diffId, layer.size)));
        return commit(configBlob, manifest, names, List.of(layer));
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
        if (!Files.isRegularFile(archive)) {
            throw new InvalidArgumentException("cannot load \"" + archive + "\": not a file");
        }
        Path stage = newStaging();
        try {
            Path dir = Files.createDirectory(stage.resolve("archive"));
            try (InputStream in = SafeTarExtractor.decompressed(Files.newInputStream(archive))) {
                new SafeTarExtractor(SafeTarExtractor.Options.plain()).extract(in, dir);
            }
            ArchiveReader reader = new ArchiveReader(this, dir, archive);
            List<ArchiveReader.Candidate> candidates = reader.candidates();
            List<Image> loaded = new ArrayList<>();
            for (ArchiveReader.Candidate c : candidates) {
                try {
                    loaded.add(loadCandidate(c, stage, archive, false));
                } catch (LayerVanishedException e) {
                    loaded.add(loadCandidate(c, stage, archive, true));
                }
            }
            return loaded;
        } catch (IOException e) {
            throw new InvalidArgumentException("cannot load \"" + archive + "\": " + e.getMessage(), e);
        } finally {
            discard(stage);
        }
    }

    private Image loadCandidate(ArchiveReader.Candidate c, Path stage, Path archive, boolean extractAll)
            throws IOException {
        List<StagedLayer> layers = new ArrayList<>();
        for (int i = 0; i < c.layerFiles().size(); i++) {
            String expected = c.diffIds().get(i);
            Path layerStage = Files.createTempDirectory(stage, "layer-");
            if (!extractAll && Files.isDirectory(layerDir(expected))) {
                layers.add(new StagedLayer(expected, -1, null));
                continue;
            }
            try (InputStream raw = Files.newInputStream(c.layerFiles().get(i))) {
                MessageDigest compressed = sha256();
                InputStream in = SafeTarExtractor.decompressed(new DigestInputStream(raw, compressed));
                StagedLayer l = extractLayer(in, layerStage, expected);
                in.transferTo(OutputStream.nullOutputStream());
                String blobDigest = c.layerDigests().get(i);
                if (blobDigest != null && !blobDigest.equals("sha256:" + hex(compressed))) {
                    throw new InvalidArgumentException("layer " + c.layerFiles().get(i).getFileName() + " in " + archive
                            + " has digest sha256:" + hex(compressed) + " but the manifest says " + blobDigest);
                }
                layers.add(l);
            }
        }
        return commit(c.config(), c.manifest(), c.names(), layers);
    }

    // ---------------------------------------------------------------- registry hooks

    /**
     * A private directory in the store's staging area for a download. Closing it deletes it; a process that dies first
     * leaves it to the next {@link #open}, which removes staging of dead processes.
     */
    public final class Staging implements AutoCloseable {
        private final Path dir = newStaging();

        /** The directory, empty when created. */
        public Path dir() {
            return dir;
        }

        @Override
        public void close() {
            discard(dir);
        }
    }

    /** Creates a private staging directory; see {@link Staging}. */
    public Staging stagingArea() {
        return new Staging();
    }

    /** Whether a layer with this uncompressed digest is already extracted in the store (and would be shared). */
    public boolean hasLayer(String diffId) {
        return Files.isDirectory(layerDir(diffId), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * A layer of a pull, extracted into a staging directory and checked against its diffID, not yet in the store
     * (or, when {@link #hasLayer} said so, a reference to the one the store has).
     */
    public static final class PulledLayer {
        private final StagedLayer staged;

        private PulledLayer(StagedLayer staged) {
            this.staged = staged;
        }

        /** The layer's uncompressed digest. */
        public String diffId() {
            return staged.diffId();
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
        hexOf(expectedDiffId);
        try {
            Path layerStage = Files.createTempDirectory(stage, "layer-");
            try (InputStream in = SafeTarExtractor.decompressed(Files.newInputStream(blob))) {
                StagedLayer l = extractLayer(in, layerStage, expectedDiffId);
                in.transferTo(OutputStream.nullOutputStream());
                return new PulledLayer(l);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("extracting layer " + expectedDiffId + ": " + e.getMessage(), e);
        }
    }

    /** A pulled layer the store already has ({@link #hasLayer}): it is shared, not extracted again. */
    public PulledLayer existingLayer(String diffId) {
        hexOf(diffId);
        return new PulledLayer(new StagedLayer(diffId, -1, null));
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
        return commit(configBlob, manifest, names, layers.stream().map(l -> l.staged).toList());
    }

    /**
     * Writes an extracted layer as an uncompressed tar for a registry push: sorted names, overlay whiteouts (0/0
     * character devices) written back as {@code .wh.NAME} entries. The bytes need not equal the tar the layer came from,
     * so the caller digests them.
     *
     * @throws NoSuchImageException if the layer is not in the store
     */
    public void writeLayerTar(String diffId, OutputStream out) {
        Path dir = layerDir(diffId);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchImageException("layer " + diffId + " is not in the store " + root);
        }
        try {
            DirectoryTar.write(dir, out, true);
        } catch (IOException e) {
            throw new UncheckedIOException("reading layer " + diffId + ": " + e.getMessage(), e);
        }
    }

    /** A layer that was present when a load decided not to extract it was removed before the load committed. */
    private static final class LayerVanishedException extends StateCorruptException {
        private static final long serialVersionUID = 1L;

        LayerVanishedException(String diffId) {
            super("layer " + diffId + " was removed while an image using it was being loaded: try again");
        }
    }

    // ---------------------------------------------------------------- internals

    record StagedLayer(String diffId, long size, Path dir) {
    }

    record LayerDescriptor(String mediaType, String digest, long size) {
    }

    /**
     * Extracts an uncompressed tar into {@code stage/layer/diff}, digesting it. If {@code expectedDiffId} is given, the
     * digest must match it.
     */
    private StagedLayer extractLayer(InputStream tar, Path stage, String expectedDiffId) {
        try {
            Path layer = Files.createDirectories(stage.resolve("layer"));
            Path diff = Files.createDirectory(layer.resolve("diff"));
            MessageDigest md = sha256();
            CountingInputStream counted = new CountingInputStream(new DigestInputStream(tar, md));
            new SafeTarExtractor(SafeTarExtractor.Options.layer()).extract(counted, diff);
            counted.transferTo(OutputStream.nullOutputStream());
            String diffId = "sha256:" + hex(md);
            if (expectedDiffId != null && !expectedDiffId.equals(diffId)) {
                throw new InvalidArgumentException("layer content has digest " + diffId + " but the image config lists "
                        + expectedDiffId + ": the image is corrupt");
            }
            Files.writeString(layer.resolve("size"), Long.toString(counted.count));
            return new StagedLayer(diffId, counted.count, layer);
        } catch (IOException e) {
            throw new UncheckedIOException("extracting layer: " + e.getMessage(), e);
        }
    }

    /** Moves staged layers into place, stores the blobs and records the image, all under the store lock. */
    private Image commit(byte[] configBlob, byte[] manifest, List<String> names, List<StagedLayer> layers) {
        String id = sha256Hex(configBlob);
        String digest = "sha256:" + sha256Hex(manifest);
        JsonNode cfg = parseJson(configBlob, "image config");
        List<String> diffIds = new ArrayList<>();
        cfg.path("rootfs").path("diff_ids").forEach(n -> diffIds.add(n.asText()));
        List<String> layerIds = layers.stream().map(StagedLayer::diffId).toList();
        if (!diffIds.equals(layerIds)) {
            throw new InvalidArgumentException("image config lists layers " + diffIds + " but the layers are " + layerIds);
        }
        return locked(() -> {
            try {
                long size = 0;
                for (StagedLayer l : layers) {
                    Path target = overlay.resolve(hexOf(l.diffId));
                    if (!Files.isDirectory(target) && l.dir != null) {
                        Files.move(l.dir, target, StandardCopyOption.ATOMIC_MOVE);
                    }
                    if (!Files.isDirectory(target)) {
                        throw new LayerVanishedException(l.diffId);
                    }
                    size += layerSize(l.diffId);
                }
                writeBlob(id, configBlob);
                writeBlob(hexOf(digest), manifest);
                Image image = new Image(id, List.of(), digest, parseCreated(cfg.path("created").asText("")), size,
                        parseConfig(cfg.path("config")), diffIds);
                Index idx = readIndex();
                if (idx.images.stream().noneMatch(i -> i.id().equals(id))) {
                    List<Image> all = new ArrayList<>(idx.images);
                    all.add(image);
                    idx = new Index(all);
                }
                idx = idx.withNames(id, names, true);
                writeIndex(idx);
                return idx.images.stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
            } catch (IOException e) {
                throw new UncheckedIOException("committing image " + Ids.shortId(id) + ": " + e.getMessage(), e);
            }
        });
    }

    private long layerSize(String diffId) {
        try {
            return Long.parseLong(Files.readString(overlay.resolve(hexOf(diffId)).resolve("size")).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private void writeBlob(String hex, byte[] data) throws IOException {
        Path p = blobs.resolve(hex);
        if (Files.exists(p)) {
            return;
        }
        Path t = blobs.resolve(".tmp-" + ProcessHandle.current().pid() + "-" + hex);
        Files.write(t, data);
        Files.move(t, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    byte[] configJson(ImageConfig c, Instant created, String createdBy, List<String> diffIds) {
        ObjectNode root = json.createObjectNode();
        root.put("created", created.toString());
        root.put("architecture", "amd64");
        root.put("os", "linux");
        ObjectNode config = root.putObject("config");
        if (!c.user().isEmpty()) {
            config.put("User", c.user());
        }
        putList(config, "Env", c.env());
        putList(config, "Entrypoint", c.entrypoint());
        putList(config, "Cmd", c.cmd());
        if (!c.workingDir().isEmpty()) {
            config.put("WorkingDir", c.workingDir());
        }
        if (!c.labels().isEmpty()) {
            ObjectNode labels = config.putObject("Labels");
            c.labels().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> labels.put(e.getKey(), e.getValue()));
        }
        if (!c.stopSignal().isEmpty()) {
            config.put("StopSignal", c.stopSignal());
        }
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        diffIds.forEach(ids::add);
        ObjectNode history = root.putArray("history").addObject();
        history.put("created", created.toString());
        history.put("created_by", createdBy);
        return toBytes(root);
    }

    byte[] manifestJson(byte[] configBlob, List<LayerDescriptor> layers) {
        ObjectNode m = json.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", OCI_MANIFEST);
        ObjectNode c = m.putObject("config");
        c.put("mediaType", OCI_CONFIG);
        c.put("digest", "sha256:" + sha256Hex(configBlob));
        c.put("size", configBlob.length);
        ArrayNode ls = m.putArray("layers");
        for (LayerDescriptor l : layers) {
            ObjectNode o = ls.addObject();
            o.put("mediaType", l.mediaType());
            o.put("digest", l.digest());
            o.put("size", l.size());
        }
        return toBytes(m);
    }

    private static void putList(ObjectNode o, String key, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode a = o.putArray(key);
            values.forEach(a::add);
        }
    }

    private byte[] toBytes(JsonNode n) {
        try {
            return json.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode parseJson(byte[] data, String what) {
        try {
            return json.readTree(data);
        } catch (IOException e) {
            throw new InvalidArgumentException(what + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    static ImageConfig parseConfig(JsonNode c) {
        List<String> env = strings(c.path("Env"));
        Map<String, String> labels = new LinkedHashMap<>();
        c.path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new ImageConfig(env, strings(c.path("Entrypoint")), strings(c.path("Cmd")), c.path("WorkingDir").asText(""),
                c.path("User").asText(""), labels, c.path("StopSignal").asText(""));
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(x -> out.add(x.asText()));
        }
        return out;
    }

    private static Instant parseCreated(String s) {
        try {
            return s.isEmpty() ? Instant.EPOCH : java.time.OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /**
     * Normalizes a user-given name for the index.
     *
     * @param defaultRegistry registry for short names: {@code localhost} for local images, {@code docker.io} for docker
     *                        archives (which also gets {@code library/} for one-component names)
     */
    static String normalizeName(String name, String defaultRegistry) {
        ImageReference r = ImageReference.parse(name);
        if (!r.digest().isEmpty()) {
            throw new InvalidArgumentException("\"" + name + "\" carries a digest; an image name needs a tag, not a digest");
        }
        if (r.isShortName()) {
            String repo = defaultRegistry.equals("docker.io") && !r.repository().contains("/") ? "library/" + r.repository()
                    : r.repository();
            r = new ImageReference(defaultRegistry, repo, r.tag(), "");
        }
        return r.withDefaultTag().toString();
    }

    // ---------------------------------------------------------------- index

    /** The image index: images in insertion order. */
    record Index(List<Image> images) {
        /** Gives {@code names} to image {@code id}, taking them from whichever image had them. */
        Index withNames(String id, List<String> names, boolean add) {
            List<Image> out = new ArrayList<>();
            for (Image i : images) {
                List<String> kept = new ArrayList<>(i.names().stream().filter(n -> !names.contains(n)).toList());
                if (i.id().equals(id) && add) {
                    kept.addAll(names);
                }
                out.add(ImageStore.withNames(i, kept));
            }
            return new Index(out);
        }
    }

    static Image withNames(Image i, List<String> names) {
        return new Image(i.id(), List.copyOf(new LinkedHashSet<>(names)), i.digest(), i.created(), i.size(), i.config(),
                i.diffIds());
    }

    record IndexEntry(String id, List<String> names, String digest, String created, long size, ImageConfig config,
            List<String> diffIds) {
    }

    record IndexFile(int version, List<IndexEntry> images) {
    }

    Index readIndex() {
        if (!Files.exists(indexFile)) {
            return new Index(List.of());
        }
        try {
            IndexFile f = json.readValue(indexFile.toFile(), IndexFile.class);
            if (f.version() != 1) {
                throw new StateCorruptException("image index " + indexFile + " has version " + f.version()
                        + ", this peapod understands version 1");
            }
            List<Image> images = new ArrayList<>();
            for (IndexEntry e : f.images()) {
                images.add(new Image(e.id(), e.names(), e.digest(), Instant.parse(e.created()), e.size(), e.config(),
                        e.diffIds()));
            }
            return new Index(List.copyOf(images));
        } catch (IOException | RuntimeException e) {
            if (e instanceof PeapodException p) {
                throw p;
            }
            throw new StateCorruptException("image index " + indexFile + " cannot be read: " + e.getMessage(), e);
        }
    }

    private void writeIndex(Index idx) {
        requireLocked();
        List<IndexEntry> entries = idx.images.stream().map(i -> new IndexEntry(i.id(), i.names(), i.digest(),
                i.created().toString(), i.size(), i.config(), i.diffIds())).toList();
        Path t = indexFile.resolveSibling(".images.json.tmp-" + ProcessHandle.current().pid());
        try (FileChannel ch = FileChannel.open(t, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(json.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(new IndexFile(1, entries))));
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("writing image index " + t + ": " + e.getMessage(), e);
        }
        try {
            Files.move(t, indexFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("replacing image index " + indexFile + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- locking and staging

    /**
     * Runs {@code body} holding the store lock: the in-JVM lock first, then the file lock (only on the outermost
     * entry, since a JVM can hold one {@link FileLock} per file).
     */
    <T> T locked(Supplier<T> body) {
        jvmLock.lock();
        try {
            if (jvmLock.getHoldCount() > 1) {
                return body.get();
            }
            FileLock fileLock;
            try {
                fileLock = lockChannel.lock();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock " + root.resolve("images.lock") + ": " + e.getMessage(), e);
            }
            try {
                return body.get();
            } finally {
                try {
                    fileLock.release();
                } catch (IOException ignored) {
                    // closing the channel releases it at the latest
                }
            }
        } finally {
            jvmLock.unlock();
        }
    }

    private void requireLocked() {
        if (!jvmLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("image store lock not held");
        }
    }

    private Path newStaging() {
        try {
            return Files.createDirectory(tmp.resolve(ProcessHandle.current().pid() + "-" + Ids.newId().substring(0, 16)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a staging directory under " + tmp + ": " + e.getMessage(), e);
        }
    }

    private void removeStaleStaging() {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                int dash = n.indexOf('-');
                long pid = -1;
                try {
                    pid = Long.parseLong(dash > 0 ? n.substring(0, dash) : n);
                } catch (NumberFormatException ignored) {
                    // not ours: remove it too
                }
                if (pid != ProcessHandle.current().pid() && (pid <= 0 || ProcessHandle.of(pid).isEmpty())) {
                    discard(p);
                }
            }
        } catch (IOException ignored) {
            // leftovers are removed next time
        }
    }

    /** Deletes a directory tree (renaming it into staging first when it is a layer, so it vanishes atomically). */
    private void discard(Path p) {
        try {
            Path victim = p;
            if (p.startsWith(overlay)) {
                victim = tmp.resolve(ProcessHandle.current().pid() + "-gone-" + Ids.newId().substring(0, 12));
                try {
                    Files.move(p, victim, StandardCopyOption.ATOMIC_MOVE);
                } catch (java.nio.file.NoSuchFileException e) {
                    return;
                } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                    victim = p;
                }
            }
            SafeTarExtractor.deleteTree(victim);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // an orphan blob only costs space
        }
    }

    static String shortLink(String diffId) {
        return hexOf(diffId).substring(0, 16);
    }

    static String hexOf(String digest) {
        String hex = digest.startsWith("sha256:") ? digest.substring(7) : digest;
        if (!Ids.isFullId(hex)) {
            throw new InvalidArgumentException("\"" + digest + "\" is not a sha256 digest");
        }
        return hex;
    }

    static MessageDigest sha256() {
        return dev.peapod.core.sys.Sha256.newDigest();
    }

    static String hex(MessageDigest md) {
        return HexFormat.of().formatHex(md.digest());
    }

    static String sha256Hex(byte[] data) {
        MessageDigest md = sha256();
        md.update(data);
        return hex(md);
    }

    /** Counts the bytes read through it. */
    static final class CountingInputStream extends java.io.FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        /** Reads instead of skipping, so that a digesting stream underneath sees every byte. */
        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[8192];
            long left = n;
            while (left > 0) {
                int r = read(buf, 0, (int) Math.min(buf.length, left));
                if (r < 0) {
                    break;
                }
                left -= r;
            }
            return n - left;
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
