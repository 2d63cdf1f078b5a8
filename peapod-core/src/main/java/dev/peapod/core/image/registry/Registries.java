package dev.peapod.core.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchImageException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.define.StateCorruptException;
import dev.peapod.core.image.Digest;
import dev.peapod.core.image.Image;
import dev.peapod.core.image.ImageReference;
import dev.peapod.core.image.ImageStore;
import dev.peapod.core.sys.Fanout;
import dev.peapod.core.image.registry.RegistryOptions.Credentials;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Pull, push and login over the OCI distribution protocol, into and out of one {@link ImageStore}.
 *
 * <p>A pull resolves the reference ({@link RegistriesConf#candidates}), fetches the manifest (an index or manifest
 * list is narrowed to linux/amd64), the config and the layers the store does not have yet, in parallel, each into the
 * store's staging area with its digest and size checked while it streams. The store then extracts the layers, checks
 * every uncompressed digest against the config and records the image under its lock; until then nothing is visible,
 * and any failure leaves the index as it was and no staging behind. Concurrent pulls of one image (threads or
 * processes) each download, and the second commit finds the layers in place and only adds names.
 *
 * <p>A push sends each layer as a gzip of the tar it was stored from (rebuilt from the layer's tar-split), so the pushed
 * config is the local one and the image keeps its id, committed images included. Only a layer whose tar cannot be
 * rebuilt (stored before tar-splits were kept) is re-tarred from its files; when that tar's digest differs from the
 * recorded diffID the pushed config carries the new diffIDs and the pushed image has another id; its content is the
 * same.
 */
public final class Registries {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ImageStore store;
    private final RegistryOptions options;

    /** The result of a push: where the image went and the digest of the manifest the registry stored. */
    public record PushResult(String reference, String digest) {
    }

    /**
     * @param store   the store pulls go into and pushes come from; may be null for {@link #login}, {@link #logout} and
     *                {@link #loginUser}, which touch no store
     * @param options how to reach registries
     */
    public Registries(ImageStore store, RegistryOptions options) {
        this.store = store;
        this.options = options;
    }

    /** The options this instance was made with. */
    public RegistryOptions options() {
        return options;
    }

    // ---------------------------------------------------------------- pull

    /**
     * Pulls an image. A short name is tried at its alias, else at each unqualified-search registry in order, and the
     * first that has it wins.
     *
     * @return the stored image, named by its fully qualified reference (unnamed when pulled by digest)
     * @throws InvalidArgumentException if the reference is malformed
     * @throws RegistryException        if no candidate could be pulled; the message says why for each
     */
    public Image pull(String reference, TransferListener listener) {
        RegistriesConf conf = RegistriesConf.load(options.registriesConf());
        List<ImageReference> candidates = conf.candidates(reference);
        List<String> errors = new ArrayList<>();
        for (ImageReference c : candidates) {
            listener.trying(c.toString());
            try {
                return pullOne(conf, c, listener);
            } catch (RegistryException e) {
                if (candidates.size() == 1) {
                    throw e;
                }
                errors.add(c + ": " + e.getMessage());
            }
        }
        throw new RegistryException("pulling \"" + reference + "\" failed at every search registry: "
                + String.join("; ", errors));
    }

    /**
     * Pulls every tag of a repository ({@code pull --all-tags}), in the registry's order.
     *
     * @param repository a reference without tag or digest; a short name is resolved as by {@link #pull}, and the
     *                   first candidate that lists tags is used
     * @return the images, one per tag
     * @throws InvalidArgumentException if the reference carries a tag or digest
     * @throws RegistryException        if the repository cannot be listed or a tag cannot be pulled
     */
    public List<Image> pullAllTags(String repository, TransferListener listener) {
        ImageReference given = ImageReference.parse(repository.startsWith("docker://") ? repository.substring(9)
                : repository);
        if (!given.tag().isEmpty() || !given.digest().isEmpty()) {
            throw new InvalidArgumentException("\"" + repository + "\" has a tag or digest: --all-tags needs a "
                    + "repository name alone");
        }
        RegistriesConf conf = RegistriesConf.load(options.registriesConf());
        List<String> errors = new ArrayList<>();
        for (ImageReference c : conf.candidates(repository)) {
            List<String> tags;
            try {
                tags = client(conf, c.registry(), c.repository(), false).tags();
            } catch (RegistryException e) {
                errors.add(c.name() + ": " + e.getMessage());
                continue;
            }
            List<Image> out = new ArrayList<>();
            for (String t : tags) {
                ImageReference ref = new ImageReference(c.registry(), c.repository(), t, "");
                listener.trying(ref.toString());
                out.add(pullOne(conf, ref, listener));
            }
            return out;
        }
        throw new RegistryException("listing the tags of \"" + repository + "\" failed: " + String.join("; ", errors));
    }

    /**
     * Makes sure the store has an image under the pull policy: {@link PullPolicy#MISSING} pulls only when
     * {@link ImageStore#find} finds nothing, {@link PullPolicy#ALWAYS} always pulls, {@link PullPolicy#NEVER} never.
     *
     * @throws NoSuchImageException under {@code NEVER} when the image is missing
     * @throws RegistryException    when a pull fails
     */
    public Image ensure(String reference, PullPolicy policy, TransferListener listener) {
        if (policy != PullPolicy.ALWAYS) {
            Optional<Image> local = store.find(reference);
            if (local.isPresent()) {
                return local.get();
            }
            if (policy == PullPolicy.NEVER) {
                throw new NoSuchImageException("image \"" + reference + "\" is not in the local store and --pull=never "
                        + "forbids pulling it: pull it first or use --pull=missing");
            }
        }
        return pull(reference, listener);
    }

    private Image pullOne(RegistriesConf conf, ImageReference ref, TransferListener listener) {
        conf.entryFor(ref).filter(RegistriesConf.RegistryEntry::blocked).ifPresent(e -> {
            throw new RegistryException("registry " + e.prefix() + " is blocked in " + conf.path() + ": cannot pull "
                    + ref);
        });
        RegistryClient client = client(conf, ref.registry(), ref.repository(), false);
        String name = ref.toString();
        RegistryClient.Fetched top = client.manifest(ref.digest().isEmpty() ? ref.tag() : ref.digest());
        JsonNode topNode = Manifests.parse(top.bytes(), "the manifest of " + name);
        String topType = Manifests.mediaType(top, topNode);
        RegistryClient.Fetched chosen = top;
        JsonNode node = topNode;
        String type = topType;
        if (Manifests.isIndex(topType)) {
            Manifests.Descriptor d = Manifests.choosePlatform(topNode, name);
            chosen = client.manifest(d.digest());
            if (chosen.bytes().length != d.size()) {
                throw new RegistryException("manifest " + d.digest() + " of " + name + " has " + chosen.bytes().length
                        + " bytes but the list says " + d.size() + ": the registry sent the wrong content");
            }
            node = Manifests.parse(chosen.bytes(), "the manifest of " + name);
            type = d.mediaType().isEmpty() ? Manifests.mediaType(chosen, node) : d.mediaType();
        }
        Manifests.ImageManifest m = Manifests.imageManifest(node, type, name);
        byte[] config = client.smallBlob(m.config().digest(), m.config().size());
        listener.configDone(m.config().digest());
        List<String> diffIds = new ArrayList<>();
        Manifests.parse(config, "the config of " + name).path("rootfs").path("diff_ids")
                .forEach(n -> diffIds.add(n.asText()));
        if (diffIds.size() != m.layers().size()) {
            throw new RegistryException("the config of " + name + " lists " + diffIds.size() + " layers but its "
                    + "manifest has " + m.layers().size() + ": the image is corrupt");
        }
        List<String> names = ref.digest().isEmpty() ? List.of(name) : List.of();
        try {
            return fetchAndStore(client, m, diffIds, config, chosen.bytes(), names, listener, false);
        } catch (StateCorruptException e) {
            // a shared layer this pull relied on was removed before it committed: fetch every layer
            return fetchAndStore(client, m, diffIds, config, chosen.bytes(), names, listener, true);
        }
    }

    private Image fetchAndStore(RegistryClient client, Manifests.ImageManifest m, List<String> diffIds, byte[] config,
            byte[] manifest, List<String> names, TransferListener listener, boolean all) {
        try (ImageStore.Staging stage = store.stagingArea()) {
            Path blobs = Files.createDirectory(stage.dir().resolve("blobs"));
            Map<String, Callable<ImageStore.PulledLayer>> tasks = new LinkedHashMap<>();
            for (int i = 0; i < m.layers().size(); i++) {
                Manifests.Descriptor l = m.layers().get(i);
                String diffId = diffIds.get(i);
                if (!all && store.hasLayer(diffId)) {
                    listener.blobSkipped(l.digest());
                    continue;
                }
                // each layer is extracted as soon as it is down, while the others still download
                tasks.putIfAbsent(l.digest() + " " + diffId, () -> {
                    Path target = blobs.resolve(l.digest().substring(7));
                    client.downloadBlob(l.digest(), l.size(), target, listener);
                    try {
                        return store.extractPulled(target, diffId, stage.dir());
                    } finally {
                        Files.deleteIfExists(target);
                    }
                });
            }
            Map<String, ImageStore.PulledLayer> done = runAll(tasks);
            List<ImageStore.PulledLayer> layers = new ArrayList<>();
            for (int i = 0; i < m.layers().size(); i++) {
                ImageStore.PulledLayer p = done.get(m.layers().get(i).digest() + " " + diffIds.get(i));
                layers.add(p != null ? p : store.existingLayer(diffIds.get(i)));
            }
            listener.writingManifest();
            return store.storePulled(config, manifest, names, layers);
        } catch (IOException e) {
            throw new UncheckedIOException("staging a pull in " + store.root() + ": " + e.getMessage(), e);
        }
    }

    /** Runs transfers in parallel (bounded), waits for all, and rethrows the first failure. */
    private <T> Map<String, T> runAll(Map<String, Callable<T>> tasks) {
        Map<String, Future<T>> futures = new LinkedHashMap<>();
        Map<String, T> out = new LinkedHashMap<>();
        try (Fanout ex = new Fanout(options.parallelism())) {
            tasks.forEach((k, task) -> futures.put(k, ex.submit(task)));
            RuntimeException first = null;
            for (var e : futures.entrySet()) {
                try {
                    out.put(e.getKey(), e.getValue().get());
                } catch (ExecutionException x) {
                    if (first == null) {
                        first = x.getCause() instanceof RuntimeException r ? r
                                : new RegistryException(x.getCause().getMessage(), x.getCause());
                        futures.values().forEach(f -> f.cancel(true));
                    }
                } catch (java.util.concurrent.CancellationException x) {
                    // cancelled after another transfer failed
                }
            }
            if (first != null) {
                throw first;
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeapodException("interrupted during a transfer", e);
        }
    }

    // ---------------------------------------------------------------- push

    /**
     * Pushes a local image to a registry.
     *
     * @param source      a local image name or id
     * @param destination a reference with a registry ({@code host:port/repo[:tag]}); null to push to the image's own
     *                    name
     * @throws NoSuchImageException     if the source is not in the store
     * @throws InvalidArgumentException if the destination is malformed, carries a digest, or none can be derived
     * @throws RegistryException        if the registry refuses or fails
     */
    public PushResult push(String source, String destination, TransferListener listener) {
        Image image = store.resolve(source);
        String dest = destination;
        if (dest == null) {
            ImageReference s = ImageReference.parse(source.startsWith("docker://") ? source.substring(9) : source);
            dest = !s.isShortName() && s.digest().isEmpty() ? source : image.names().stream().findFirst()
                    .orElseThrow(() -> new InvalidArgumentException("image " + source + " has no name: give a "
                            + "destination, e.g. peapod push " + source + " 127.0.0.1:5000/name:tag"));
        }
        ImageReference ref = ImageReference.parse(dest.startsWith("docker://") ? dest.substring(9) : dest);
        if (ref.isShortName()) {
            ref = new ImageReference("docker.io", ref.repository(), ref.tag(), ref.digest());
        }
        ref = RegistriesConf.normalize(ref);
        if (!ref.digest().isEmpty()) {
            throw new InvalidArgumentException("cannot push to \"" + dest + "\": push to a tag, not a digest");
        }
        RegistriesConf conf = RegistriesConf.load(options.registriesConf());
        RegistryClient client = client(conf, ref.registry(), ref.repository(), true);
        JsonNode cfg = Manifests.parse(store.blob(Digest.ofHex(image.id()).toString()), "the config of " + source);
        List<String> diffIds = new ArrayList<>();
        cfg.path("rootfs").path("diff_ids").forEach(n -> diffIds.add(n.asText()));
        try (ImageStore.Staging stage = store.stagingArea()) {
            Map<String, Callable<PushLayer>> tars = new LinkedHashMap<>();
            for (int i = 0; i < diffIds.size(); i++) {
                String d = diffIds.get(i);
                Path file = stage.dir().resolve("layer-" + i + ".tar.gz");
                tars.put(i + ":" + d, () -> gzipLayer(d, file));
            }
            List<PushLayer> layers = new ArrayList<>(runAll(tars).values());
            List<String> newDiffIds = layers.stream().map(PushLayer::diffId).toList();
            byte[] config;
            if (newDiffIds.equals(diffIds)) {
                config = store.blob(Digest.ofHex(image.id()).toString());
            } else {
                ObjectNode c = ((ObjectNode) cfg).deepCopy();
                ArrayNode ids = ((ObjectNode) c.path("rootfs")).putArray("diff_ids");
                newDiffIds.forEach(ids::add);
                config = JSON.writeValueAsBytes(c);
            }
            String configDigest = Digest.sha256(config).toString();
            Map<String, Callable<Boolean>> uploads = new LinkedHashMap<>();
            for (PushLayer l : layers) {
                uploads.putIfAbsent(l.digest(), () -> {
                    if (client.blobExists(l.digest())) {
                        listener.blobSkipped(l.digest());
                    } else {
                        client.uploadBlob(l.digest(), l.file(), l.size(), listener);
                    }
                    return true;
                });
            }
            runAll(uploads);
            if (!client.blobExists(configDigest)) {
                Path cf = Files.write(stage.dir().resolve("config.json"), config);
                client.uploadBlob(configDigest, cf, config.length, TransferListener.NONE);
            }
            listener.configDone(configDigest);
            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("schemaVersion", 2);
            manifest.put("mediaType", RegistryClient.OCI_MANIFEST);
            ObjectNode c = manifest.putObject("config");
            c.put("mediaType", "application/vnd.oci.image.config.v1+json");
            c.put("digest", configDigest);
            c.put("size", config.length);
            ArrayNode ls = manifest.putArray("layers");
            for (PushLayer l : layers) {
                ObjectNode o = ls.addObject();
                o.put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip");
                o.put("digest", l.digest());
                o.put("size", l.size());
            }
            listener.writingManifest();
            byte[] bytes = JSON.writeValueAsBytes(manifest);
            String digest = client.putManifest(ref.tag(), bytes, RegistryClient.OCI_MANIFEST);
            return new PushResult(ref.toString(), digest);
        } catch (IOException e) {
            throw new UncheckedIOException("pushing " + source + ": " + e.getMessage(), e);
        }
    }

    private record PushLayer(String diffId, String digest, long size, Path file) {
    }

    /** Writes an uncompressed layer tar into a stream; may fail with an {@link IOException}. */
    private interface LayerWriter {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Gzips the layer's tar as it was stored (the tar-split rebuilt), so that its diffID and the image's id stay what
     * they are here; a layer whose stored tar cannot be rebuilt to its diffID is re-tarred from its files instead.
     */
    private PushLayer gzipLayer(String diffId, Path file) throws IOException {
        PushLayer stored;
        try {
            stored = gzip(file, out -> store.writeStoredLayerTar(diffId, out));
        } catch (IOException e) {
            stored = null;
        }
        if (stored != null && stored.diffId().equals(diffId)) {
            return stored;
        }
        return gzip(file, out -> store.writeLayerTar(diffId, out));
    }

    private static PushLayer gzip(Path file, LayerWriter writer) throws IOException {
        MessageDigest compressed = Digest.newHasher();
        MessageDigest plain = Digest.newHasher();
        try (OutputStream raw = Files.newOutputStream(file);
                DigestOutputStream c = new DigestOutputStream(new java.io.BufferedOutputStream(raw, 65536), compressed);
                GZIPOutputStream gz = new GZIPOutputStream(c, 65536) {
                    {
                        def.setLevel(Deflater.BEST_SPEED);
                    }
                };
                DigestOutputStream u = new DigestOutputStream(gz, plain)) {
            writer.write(u);
        }
        return new PushLayer(Digest.of(plain).toString(), Digest.of(compressed).toString(), Files.size(file), file);
    }

    // ---------------------------------------------------------------- login

    /**
     * Checks credentials against a registry ({@code GET /v2/} must succeed with them) and stores them in the auth file.
     *
     * @throws RegistryException if the registry refuses them or cannot be reached; nothing is stored then
     */
    public void login(String registry, Credentials credentials) {
        String reg = registryHost(registry);
        RegistriesConf conf = RegistriesConf.load(options.registriesConf());
        new RegistryClient(reg, "", false, options, credentials, insecure(conf, reg)).checkLogin();
        new AuthFile(options.authFile()).put(reg, credentials);
    }

    /** The user name stored for a registry, if any. */
    public Optional<String> loginUser(String registry) {
        return new AuthFile(options.authFile()).get(registryHost(registry)).map(Credentials::username);
    }

    /**
     * Removes the stored credentials of a registry.
     *
     * @return whether there were any
     */
    public boolean logout(String registry) {
        return new AuthFile(options.authFile()).remove(registryHost(registry));
    }

    /** Removes every stored credential. */
    public void logoutAll() {
        new AuthFile(options.authFile()).removeAll();
    }

    /**
     * A registry as {@code login} takes it: {@code host[:port]}, with any scheme and path dropped.
     *
     * @throws InvalidArgumentException if nothing is left
     */
    static String registryHost(String registry) {
        String r = registry.replaceFirst("^[a-z]+://", "");
        int slash = r.indexOf('/');
        if (slash >= 0) {
            r = r.substring(0, slash);
        }
        if (r.isEmpty()) {
            throw new InvalidArgumentException("invalid registry \"" + registry + "\": expected HOST[:PORT]");
        }
        return r.equals("index.docker.io") || r.equals("registry-1.docker.io") ? "docker.io" : r;
    }

    private boolean insecure(RegistriesConf conf, String registry) {
        return options.tlsVerify() == null ? conf.isInsecure(registry) : !options.tlsVerify();
    }

    private RegistryClient client(RegistriesConf conf, String registry, String repository, boolean push) {
        Credentials c = options.credentials() != null ? options.credentials()
                : new AuthFile(options.authFile()).get(registry).orElse(null);
        return new RegistryClient(registry, repository, push, options, c, insecure(conf, registry));
    }
}
