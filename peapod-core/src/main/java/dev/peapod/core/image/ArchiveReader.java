package dev.peapod.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.core.define.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/** Reads the images out of an unpacked OCI archive or docker archive, checking every digest it can. */
final class ArchiveReader {
    /** One image found in an archive, its blobs read and its layer files located. */
    record Candidate(byte[] config, byte[] manifest, List<String> names, List<Path> layerFiles, List<String> layerDigests,
            List<String> diffIds) {
    }

    private final ImageStore store;
    private final Path dir;
    private final Path realDir;
    private final Path archive;

    ArchiveReader(ImageStore store, Path dir, Path archive) throws IOException {
        this.store = store;
        this.dir = dir;
        this.realDir = dir.toRealPath();
        this.archive = archive;
    }

    List<Candidate> candidates() throws IOException {
        List<Candidate> out = new ArrayList<>();
        if (Files.isRegularFile(dir.resolve("index.json"))) {
            if (!Files.isRegularFile(dir.resolve("oci-layout"))) {
                throw bad("has index.json but no oci-layout file");
            }
            JsonNode index = store.parseJson(Files.readAllBytes(dir.resolve("index.json")), "index.json");
            for (JsonNode d : index.path("manifests")) {
                ociDescriptor(d, namesOf(d), out);
            }
        } else if (Files.isRegularFile(dir.resolve("manifest.json"))) {
            JsonNode manifest = store.parseJson(Files.readAllBytes(dir.resolve("manifest.json")), "manifest.json");
            for (JsonNode m : manifest) {
                out.add(dockerImage(m));
            }
        } else {
            throw bad("is neither an OCI archive (oci-layout, index.json) nor a docker archive (manifest.json)");
        }
        if (out.isEmpty()) {
            throw bad("holds no image");
        }
        return out;
    }

    private static List<String> namesOf(JsonNode descriptor) {
        JsonNode ann = descriptor.path("annotations");
        for (String key : List.of("io.containerd.image.name", "org.opencontainers.image.ref.name")) {
            String v = ann.path(key).asText("");
            if (!v.isEmpty() && (v.contains(":") || v.contains("/"))) {
                ImageReference r = ImageStore.tryParse(v);
                if (r != null && r.digest().isEmpty()) {
                    return List.of(ImageStore.normalizeName(v, ImageReference.LOCALHOST));
                }
            }
        }
        return List.of();
    }

    private void ociDescriptor(JsonNode d, List<String> names, List<Candidate> out) throws IOException {
        String mediaType = d.path("mediaType").asText("");
        String digest = d.path("digest").asText("");
        byte[] blob = blob(digest);
        JsonNode node = store.parseJson(blob, "manifest " + digest);
        if (mediaType.isEmpty()) {
            mediaType = node.path("mediaType").asText(node.has("manifests") ? ImageStore.OCI_INDEX : ImageStore.OCI_MANIFEST);
        }
        if (mediaType.equals(ImageStore.OCI_INDEX) || mediaType.equals(ImageStore.DOCKER_LIST)) {
            JsonNode chosen = null;
            for (JsonNode m : node.path("manifests")) {
                JsonNode p = m.path("platform");
                if (p.isMissingNode() || p.path("os").asText("linux").equals("linux")
                        && p.path("architecture").asText("amd64").equals("amd64")) {
                    chosen = m;
                    break;
                }
            }
            if (chosen == null) {
                throw bad("has no linux/amd64 image in index " + digest);
            }
            ociDescriptor(chosen, names.isEmpty() ? namesOf(chosen) : names, out);
            return;
        }
        if (!mediaType.equals(ImageStore.OCI_MANIFEST) && !mediaType.equals(ImageStore.DOCKER_MANIFEST)) {
            throw bad("has a descriptor of unsupported media type " + mediaType);
        }
        byte[] config = blob(node.path("config").path("digest").asText(""));
        List<Path> files = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        for (JsonNode l : node.path("layers")) {
            String ld = l.path("digest").asText("");
            files.add(blobPath(ld));
            digests.add(ld);
        }
        out.add(new Candidate(config, blob, names, files, digests, diffIds(config, files.size())));
    }

    private Candidate dockerImage(JsonNode m) throws IOException {
        byte[] config = Files.readAllBytes(inside(m.path("Config").asText("")));
        List<Path> files = new ArrayList<>();
        List<ImageStore.LayerDescriptor> descriptors = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        for (JsonNode l : m.path("Layers")) {
            Path f = inside(l.asText(""));
            files.add(f);
            MessageDigest md = ImageStore.sha256();
            try (InputStream in = Files.newInputStream(f)) {
                byte[] buf = new byte[65536];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                }
            }
            String digest = "sha256:" + ImageStore.hex(md);
            digests.add(digest);
            descriptors.add(new ImageStore.LayerDescriptor(ImageStore.OCI_LAYER, digest, Files.size(f)));
        }
        List<String> names = new ArrayList<>();
        for (JsonNode t : m.path("RepoTags")) {
            names.add(ImageStore.normalizeName(t.asText(), "docker.io"));
        }
        return new Candidate(config, store.manifestJson(config, descriptors), names, files, digests,
                diffIds(config, files.size()));
    }

    private List<String> diffIds(byte[] config, int layers) {
        List<String> ids = new ArrayList<>();
        store.parseJson(config, "image config").path("rootfs").path("diff_ids").forEach(n -> ids.add(n.asText()));
        if (ids.size() != layers) {
            throw bad("has an image whose config lists " + ids.size() + " layers but whose manifest has " + layers);
        }
        ids.forEach(ImageStore::hexOf);
        return ids;
    }

    private byte[] blob(String digest) throws IOException {
        byte[] data = Files.readAllBytes(blobPath(digest));
        String actual = "sha256:" + ImageStore.sha256Hex(data);
        if (!actual.equals(digest)) {
            throw bad("has blob " + digest + " whose content has digest " + actual);
        }
        return data;
    }

    private Path blobPath(String digest) throws IOException {
        if (!digest.startsWith("sha256:")) {
            throw bad("uses digest \"" + digest + "\"; only sha256 is supported");
        }
        Path p = inside("blobs/sha256/" + ImageStore.hexOf(digest));
        return p;
    }

    /** A path named inside the archive, which must exist and stay inside it after following links. */
    private Path inside(String name) throws IOException {
        Path p = dir;
        for (String c : SafeTarExtractor.clean(name)) {
            p = p.resolve(c);
        }
        if (!Files.isRegularFile(p)) {
            throw bad("lacks " + (name.isEmpty() ? "a file it refers to" : name));
        }
        if (!p.toRealPath().startsWith(realDir)) {
            throw bad("refers to " + name + ", which links outside the archive");
        }
        return p;
    }

    private InvalidArgumentException bad(String what) {
        return new InvalidArgumentException("cannot load \"" + archive + "\": the archive " + what);
    }
}
