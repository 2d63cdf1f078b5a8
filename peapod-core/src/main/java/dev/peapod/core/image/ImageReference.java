package dev.peapod.core.image;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.regex.Pattern;

/**
 * An image reference as the distribution reference grammar defines it:
 * {@code [registry[:port]/]path[:tag][@algorithm:hex]}. Absent parts are empty strings, never null:
 * {@code parse("busybox")} has registry {@code ""}, repository {@code "busybox"}, tag {@code ""} and digest {@code ""}.
 * The first path component is the registry only if it contains a dot or a colon, is {@code localhost}, or has
 * upper-case letters (the grammar's rule for telling a domain from a path component).
 *
 * @param registry   host[:port], or "" for a short name
 * @param repository slash-separated lower-case path components, never empty
 * @param tag        tag, or ""
 * @param digest     a {@link Digest} ({@code sha256:hex}), or ""
 */
public record ImageReference(String registry, String repository, String tag, String digest) {
    /** Registry that locally built or imported images get, as in podman. */
    public static final String LOCALHOST = "localhost";
    public static final String DEFAULT_TAG = "latest";

    private static final String ALNUM = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[_.]|__|-+)";
    private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
    private static final Pattern PATH = Pattern.compile(PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*");
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final int NAME_MAX = 255;

    public ImageReference {
        registry = registry == null ? "" : registry;
        tag = tag == null ? "" : tag;
        digest = digest == null ? "" : digest;
        if (repository == null || !PATH.matcher(repository).matches()) {
            throw new InvalidArgumentException("invalid repository \"" + repository
                    + "\": use lower-case letters, digits and the separators . _ __ - between them");
        }
        if (!registry.isEmpty() && !DOMAIN.matcher(registry).matches()) {
            throw new InvalidArgumentException("invalid registry \"" + registry + "\"");
        }
        if (!tag.isEmpty() && !TAG.matcher(tag).matches()) {
            throw new InvalidArgumentException("invalid tag \"" + tag + "\": at most 128 of [A-Za-z0-9_.-], not starting with . or -");
        }
        if (!digest.isEmpty()) {
            Digest.parse(digest);
        }
    }

    /**
     * Parses a reference.
     *
     * @throws InvalidArgumentException quoting the input and saying which part is wrong
     */
    public static ImageReference parse(String s) {
        if (s == null || s.isEmpty()) {
            throw new InvalidArgumentException("invalid image reference \"\": an image name is required, e.g. busybox or "
                    + "docker.io/library/busybox:latest");
        }
        String rest = s;
        String digest = "";
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            if (digest.isEmpty()) {
                throw new InvalidArgumentException("invalid image reference \"" + s + "\": nothing follows '@'; expected a "
                        + "digest such as sha256:<64 hex digits>");
            }
            rest = rest.substring(0, at);
        }
        String tag = "";
        int slash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > slash) {
            tag = rest.substring(colon + 1);
            if (tag.isEmpty()) {
                throw new InvalidArgumentException("invalid image reference \"" + s + "\": nothing follows ':'; give a tag "
                        + "or leave the ':' out");
            }
            rest = rest.substring(0, colon);
        }
        String registry = "";
        int firstSlash = rest.indexOf('/');
        if (firstSlash > 0) {
            String first = rest.substring(0, firstSlash);
            if (first.contains(".") || first.contains(":") || first.equals(LOCALHOST) || !first.equals(first.toLowerCase())) {
                registry = first;
                rest = rest.substring(firstSlash + 1);
            }
        }
        if ((registry.isEmpty() ? 0 : registry.length() + 1) + rest.length() > NAME_MAX) {
            throw new InvalidArgumentException("invalid image reference \"" + s + "\": the name is longer than " + NAME_MAX
                    + " characters");
        }
        try {
            return new ImageReference(registry, rest, tag, digest);
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("invalid image reference \"" + s + "\": " + e.getMessage(), e);
        }
    }

    /** Whether the reference names no registry ({@code busybox}, {@code library/busybox}). */
    public boolean isShortName() {
        return registry.isEmpty();
    }

    /**
     * The reference as stored in the image index: registry defaulted to {@code localhost} for short names, tag defaulted
     * to {@code latest} when neither tag nor digest is given.
     */
    public ImageReference normalized() {
        return new ImageReference(registry.isEmpty() ? LOCALHOST : registry, repository,
                tag.isEmpty() && digest.isEmpty() ? DEFAULT_TAG : tag, digest);
    }

    /** The same reference with the tag defaulted to {@code latest} when neither tag nor digest is given. */
    public ImageReference withDefaultTag() {
        return tag.isEmpty() && digest.isEmpty() ? new ImageReference(registry, repository, DEFAULT_TAG, "") : this;
    }

    /** Registry and repository, without tag or digest. */
    public String name() {
        return registry.isEmpty() ? repository : registry + "/" + repository;
    }

    @Override
    public String toString() {
        return name() + (tag.isEmpty() ? "" : ":" + tag) + (digest.isEmpty() ? "" : "@" + digest);
    }
}
