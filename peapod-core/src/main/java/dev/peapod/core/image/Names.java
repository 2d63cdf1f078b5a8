package dev.peapod.core.image;

import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How names and ids find images: full ids, normalized names, short names, {@code name@digest} and id prefixes, as
 * {@link ImageStore#find} documents; and how user-given names are normalized before they enter the index.
 */
final class Names {
    private Names() {
    }

    /**
     * The image {@code refOrId} answers to among {@code all}.
     *
     * @throws InvalidArgumentException if a short name or id prefix fits more than one image, or the text is empty
     */
    static Optional<Image> find(List<Image> all, String refOrId) {
        if (refOrId == null || refOrId.isBlank()) {
            throw new InvalidArgumentException("an image name or id is required");
        }
        String algorithm = Digest.SHA256 + ":";
        String hex = refOrId.startsWith(algorithm) ? refOrId.substring(algorithm.length()) : refOrId;
        if (Ids.isFullId(hex)) {
            Optional<Image> byId = ImageIndex.byId(all, hex);
            if (byId.isPresent()) {
                return byId;
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
                    || i.names().stream().map(Names::tryParse).anyMatch(n -> n != null && repoMatches(n, ref))))
                    .findFirst();
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

    /** The reference {@code s} parses to, or null. */
    static ImageReference tryParse(String s) {
        try {
            return ImageReference.parse(s);
        } catch (InvalidArgumentException e) {
            return null;
        }
    }

    /**
     * Normalizes a user-given name for the index.
     *
     * @param defaultRegistry registry for short names: {@code localhost} for local images, {@code docker.io} for docker
     *                        archives (which also gets {@code library/} for one-component names)
     * @throws InvalidArgumentException if the name is invalid or carries a digest
     */
    static String normalize(String name, String defaultRegistry) {
        ImageReference r = ImageReference.parse(name);
        if (!r.digest().isEmpty()) {
            throw new InvalidArgumentException("\"" + name + "\" carries a digest; an image name needs a tag, not a digest");
        }
        if (r.isShortName()) {
            String repo = defaultRegistry.equals("docker.io") && !r.repository().contains("/")
                    ? "library/" + r.repository() : r.repository();
            r = new ImageReference(defaultRegistry, repo, r.tag(), "");
        }
        return r.withDefaultTag().toString();
    }

    /**
     * The name of {@code image} that {@code refOrId} chose: none when it is the image's id (or an id prefix), else the
     * first of the image's names that {@code refOrId} alone would find.
     */
    static List<String> matching(Image image, String refOrId) {
        String hex = refOrId.startsWith(Digest.SHA256 + ":") ? refOrId.substring(Digest.SHA256.length() + 1) : refOrId;
        if (image.id().equals(hex)) {
            return List.of();
        }
        for (String n : image.names()) {
            Image one = new Image(image.id(), List.of(n), image.digest(), image.created(), image.size(), image.config(),
                    image.diffIds());
            if (find(List.of(one), refOrId).isPresent()) {
                return List.of(n);
            }
        }
        return List.of();
    }
}
