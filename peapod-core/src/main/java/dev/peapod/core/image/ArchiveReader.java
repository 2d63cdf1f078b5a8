package dev.peapod.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.core.define.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the images out of an unpacked OCI archive or docker archive, or a directory podman's {@code oci-dir} or
 * {@code docker-dir} wrote, checking every digest it can.
 */
final class ArchiveReader {
    /** One image found in an archive, its blobs read and its layer files located. */
    record Candidate(byte[] config, byte[] manifest, List<String> names, List<Path> layerFiles, List<Digest> layerDigests,
            List<Digest> diffIds) {
    }

    private final Path dir;
    private final Path realDir;
    private final Path archive;

    ArchiveReader(Path dir, Path archive) throws IOException {
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
            JsonNode index = OciJson.parse(Files.readAllBytes(dir.resolve("index.json")), "index.json");
            for (JsonNode d : index.path("manifests")) {
                ociDescriptor(d, namesOf(d), out);
            }
        } else if (Files.isRegularFile(dir.resolve("manifest.json"))) {
            JsonNode manifest = OciJson.parse(Files.readAllBytes(dir.resolve("manifest.json")), "manifest.json");
            if (manifest.isObject() && manifest.has("schemaVersion")) {
                out.add(dockerDirImage(manifest));
            } else {
                for (JsonNode m : manifest) {
                    out.add(dockerImage(m));
                }
            }
        } else {
            throw bad("is neither an OCI layout (oci-layout, index.json) nor a docker archive or directory"
                    + " (manifest.json)");
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
                ImageReference r = Names.tryParse(v);
                if (r != null && r.digest().isEmpty()) {
                    return List.of(Names.normalize(v, ImageReference.LOCALHOST));
                }
            }
        }
        return List.of();
    }

    private void ociDescriptor(JsonNode d, List<String> names, List<Candidate> out) throws IOException {
        String mediaType = d.path("mediaType").asText("");
        String digest = d.path("digest").asText("");
        byte[] blob = blob(digest);
        JsonNode node = OciJson.parse(blob, "manifest " + digest);
        if (mediaType.isEmpty()) {
            mediaType = node.path("mediaType").asText(node.has("manifests") ? OciJson.OCI_INDEX : OciJson.OCI_MANIFEST);
        }
        if (mediaType.equals(OciJson.OCI_INDEX) || mediaType.equals(OciJson.DOCKER_LIST)) {
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
        if (!mediaType.equals(OciJson.OCI_MANIFEST) && !mediaType.equals(OciJson.DOCKER_MANIFEST)) {
            throw bad("has a descriptor of unsupported media type " + mediaType);
        }
        byte[] config = blob(node.path("config").path("digest").asText(""));
        List<Path> files = new ArrayList<>();
        List<Digest> digests = new ArrayList<>();
        for (JsonNode l : node.path("layers")) {
            Digest ld = digest(l.path("digest").asText(""));
            files.add(blobPath(ld));
            digests.add(ld);
        }
        out.add(new Candidate(config, blob, names, files, digests, diffIds(config, files.size())));
    }

    /**
     * podman's {@code docker-dir}: one schema 2 (or OCI) manifest in {@code manifest.json}, blobs named by their hex
     * digests beside it; loaded unnamed, as podman loads it.
     */
    private Candidate dockerDirImage(JsonNode manifest) throws IOException {
        byte[] bytes = Files.readAllBytes(dir.resolve("manifest.json"));
        byte[] config = hexBlob(manifest.path("config").path("digest").asText(""));
        List<Path> files = new ArrayList<>();
        List<Digest> digests = new ArrayList<>();
        for (JsonNode l : manifest.path("layers")) {
            Digest ld = digest(l.path("digest").asText(""));
            files.add(inside(ld.hex()));
            digests.add(ld);
        }
        return new Candidate(config, bytes, List.of(), files, digests, diffIds(config, files.size()));
    }

    private byte[] hexBlob(String digest) throws IOException {
        Digest d = digest(digest);
        byte[] data = Files.readAllBytes(inside(d.hex()));
        if (!Digest.sha256(data).equals(d)) {
            throw bad("has blob " + digest + " whose content has digest " + Digest.sha256(data));
        }
        return data;
    }

    private Candidate dockerImage(JsonNode m) throws IOException {
        byte[] config = Files.readAllBytes(inside(m.path("Config").asText("")));
        List<Path> files = new ArrayList<>();
        List<OciJson.Descriptor> descriptors = new ArrayList<>();
        List<Digest> digests = new ArrayList<>();
        for (JsonNode l : m.path("Layers")) {
            Path f = inside(l.asText(""));
            files.add(f);
            Digest digest;
            try (InputStream in = Files.newInputStream(f)) {
                digest = Digest.sha256(in);
            }
            digests.add(digest);
            descriptors.add(new OciJson.Descriptor(OciJson.OCI_LAYER, digest, Files.size(f)));
        }
        List<String> names = new ArrayList<>();
        for (JsonNode t : m.path("RepoTags")) {
            names.add(Names.normalize(t.asText(), "docker.io"));
        }
        return new Candidate(config, OciJson.manifest(config, descriptors), names, files, digests,
                diffIds(config, files.size()));
    }

    private List<Digest> diffIds(byte[] config, int layers) {
        List<String> ids = OciJson.diffIds(OciJson.parse(config, "image config"));
        if (ids.size() != layers) {
            throw bad("has an image whose config lists " + ids.size() + " layers but whose manifest has " + layers);
        }
        return ids.stream().map(this::digest).toList();
    }

    private byte[] blob(String digest) throws IOException {
        Digest d = digest(digest);
        byte[] data = Files.readAllBytes(blobPath(d));
        Digest actual = Digest.sha256(data);
        if (!actual.equals(d)) {
            throw bad("has blob " + digest + " whose content has digest " + actual);
        }
        return data;
    }

    /** A digest the archive gives; only sha256 is supported. */
    private Digest digest(String s) {
        try {
            return Digest.parse(s);
        } catch (InvalidArgumentException e) {
            throw bad("uses digest \"" + s + "\"; only sha256:<64 hex digits> is supported");
        }
    }

    private Path blobPath(Digest digest) throws IOException {
        return inside("blobs/" + digest.algorithm() + "/" + digest.hex());
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
