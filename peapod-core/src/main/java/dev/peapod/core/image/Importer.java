package dev.peapod.core.image;

import dev.peapod.core.define.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings images in from files: a root file system ({@code podman import}) and OCI or docker archives
 * ({@code podman load}). Everything is unpacked and checked in a private staging directory; only
 * {@link Committer#commit} touches the store.
 */
final class Importer {
    private final Committer committer;
    private final LayerStore layers;
    private final StagingArea staging;

    Importer(Committer committer, LayerStore layers, StagingArea staging) {
        this.committer = committer;
        this.layers = layers;
        this.staging = staging;
    }

    /** See {@link ImageStore#importRootfs}. */
    Image importRootfs(Path tarballOrDir, String name, ImageConfig config, String message) {
        if (!Files.exists(tarballOrDir)) {
            throw new InvalidArgumentException("cannot import \"" + tarballOrDir + "\": no such file or directory");
        }
        List<String> names = name == null || name.isBlank() ? List.of()
                : List.of(Names.normalize(name, ImageReference.LOCALHOST));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Path stage = staging.newDir();
        try {
            if (Files.isDirectory(tarballOrDir)) {
                Path tar = stage.resolve("rootfs.tar");
                try (OutputStream out = Files.newOutputStream(tar)) {
                    TarWriter.write(tarballOrDir, "", out, TarWriter.Options.PLAIN);
                }
                try (InputStream in = Files.newInputStream(tar)) {
                    return importLayer(in, names, config, now, "peapod import " + tarballOrDir, message, stage);
                }
            }
            try (InputStream in = SafeTarExtractor.decompressed(Files.newInputStream(tarballOrDir))) {
                return importLayer(in, names, config, now, "peapod import " + tarballOrDir.getFileName(), message,
                        stage);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("importing " + tarballOrDir + ": " + e.getMessage(), e);
        } finally {
            staging.delete(stage);
        }
    }

    /** See {@link ImageStore#importLayer}. */
    Image importLayer(InputStream tar, List<String> names, ImageConfig config, Instant created, String createdBy) {
        Path stage = staging.newDir();
        try {
            return importLayer(tar, names, config, created, createdBy, "", stage);
        } finally {
            staging.delete(stage);
        }
    }

    private Image importLayer(InputStream tar, List<String> names, ImageConfig config, Instant created,
            String createdBy, String comment, Path stage) {
        LayerStore.StagedLayer layer = layers.stage(tar, stage, null);
        ImageConfig cfg = config == null ? ImageConfig.empty() : config;
        byte[] configBlob = OciJson.config(cfg, created, List.of(new OciJson.History(created, createdBy,
                java.util.Objects.requireNonNullElse(comment, ""))),
                List.of(layer.diffId()));
        byte[] manifest = OciJson.manifest(configBlob,
                List.of(new OciJson.Descriptor(OciJson.OCI_LAYER, layer.diffId(), layer.size())));
        return committer.commit(configBlob, manifest, names, List.of(layer));
    }

    /** See {@link ImageStore#commitLayer}. */
    Image commitLayer(Image parent, List<OciJson.History> parentHistory, Path upperDir, List<String> names,
            ImageConfig config, Instant created, CommitInfo info) {
        Path stage = staging.newDir();
        try (java.io.PipedInputStream in = new java.io.PipedInputStream(1 << 16);
                java.io.PipedOutputStream out = new java.io.PipedOutputStream(in)) {
            java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
            Thread writer = Thread.ofVirtual().start(() -> {
                try (out) {
                    TarWriter.write(upperDir, "", out, TarWriter.Options.LAYER.skipping(info.excluded()));
                } catch (IOException | RuntimeException e) {
                    failed.set(e);
                }
            });
            LayerStore.StagedLayer layer;
            try {
                layer = layers.stage(in, Files.createTempDirectory(stage, "layer-"), null);
                in.transferTo(OutputStream.nullOutputStream());
            } finally {
                in.close();
                writer.join();
            }
            if (failed.get() != null) {
                throw new UncheckedIOException("cannot read the container's changes in " + upperDir + ": "
                        + failed.get().getMessage(), new IOException(failed.get()));
            }
            List<LayerStore.StagedLayer> all = new ArrayList<>();
            List<Digest> diffIds = new ArrayList<>();
            List<OciJson.History> history = new ArrayList<>(parentHistory);
            List<OciJson.Descriptor> descriptors = new ArrayList<>();
            for (String d : parent.diffIds()) {
                Digest digest = Digest.parse(d);
                all.add(LayerStore.StagedLayer.existing(digest));
                diffIds.add(digest);
                if (parentHistory.isEmpty()) {
                    history.add(new OciJson.History(parent.created(), ""));
                }
                descriptors.add(new OciJson.Descriptor(OciJson.OCI_LAYER, digest, layers.size(digest)));
            }
            all.add(layer);
            diffIds.add(layer.diffId());
            history.add(new OciJson.History(created, info.createdBy(), info.historyComment(), false, info.author()));
            descriptors.add(new OciJson.Descriptor(OciJson.OCI_LAYER, layer.diffId(), layer.size()));
            byte[] configBlob = OciJson.config(config, created, history, diffIds, info.author(), info.message());
            return committer.commit(configBlob, OciJson.manifest(configBlob, descriptors), names, all);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit a layer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.peapod.core.define.PeapodException("interrupted while committing", e);
        } finally {
            staging.delete(stage);
        }
    }

    /** See {@link ImageStore#load}. */
    List<Image> load(Path archive) {
        boolean directory = Files.isDirectory(archive);
        if (!directory && !Files.isRegularFile(archive)) {
            throw new InvalidArgumentException("cannot load \"" + archive + "\": not a file or directory");
        }
        Path stage = staging.newDir();
        try {
            Path dir = directory ? archive : Files.createDirectory(stage.resolve("archive"));
            if (!directory) {
                try (InputStream in = SafeTarExtractor.decompressed(Files.newInputStream(archive))) {
                    new SafeTarExtractor(SafeTarExtractor.Options.plain()).extract(in, dir);
                }
            }
            List<ArchiveReader.Candidate> candidates = new ArchiveReader(dir, archive).candidates();
            List<Image> loaded = new ArrayList<>();
            for (ArchiveReader.Candidate c : candidates) {
                try {
                    loaded.add(loadCandidate(c, stage, archive, false));
                } catch (LayerStore.LayerVanishedException e) {
                    loaded.add(loadCandidate(c, stage, archive, true));
                }
            }
            return loaded;
        } catch (IOException e) {
            throw new InvalidArgumentException("cannot load \"" + archive + "\": " + e.getMessage(), e);
        } finally {
            staging.delete(stage);
        }
    }

    private Image loadCandidate(ArchiveReader.Candidate c, Path stage, Path archive, boolean extractAll)
            throws IOException {
        List<LayerStore.StagedLayer> staged = new ArrayList<>();
        for (int i = 0; i < c.layerFiles().size(); i++) {
            Digest expected = c.diffIds().get(i);
            Path layerStage = Files.createTempDirectory(stage, "layer-");
            if (!extractAll && layers.has(expected)) {
                staged.add(LayerStore.StagedLayer.existing(expected));
                continue;
            }
            try (InputStream raw = Files.newInputStream(c.layerFiles().get(i))) {
                MessageDigest compressed = Digest.newHasher();
                InputStream in = SafeTarExtractor.decompressed(new DigestInputStream(raw, compressed));
                LayerStore.StagedLayer l = layers.stage(in, layerStage, expected);
                in.transferTo(OutputStream.nullOutputStream());
                Digest blobDigest = c.layerDigests().get(i);
                Digest actual = Digest.of(compressed);
                if (blobDigest != null && !blobDigest.equals(actual)) {
                    throw new InvalidArgumentException("layer " + c.layerFiles().get(i).getFileName() + " in " + archive
                            + " has digest " + actual + " but the manifest says " + blobDigest);
                }
                staged.add(l);
            }
        }
        return committer.commit(c.config(), c.manifest(), c.names(), staged);
    }
}
