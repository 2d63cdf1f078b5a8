package dev.peapod.core.volume;

import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One mount a container asks for, as podman's {@code -v}, {@code --mount} and {@code --tmpfs} describe it: a host
 * directory bound in, a named (or anonymous) volume, or a fresh tmpfs. The destination is absolute and clean; a bind
 * source is absolute; a volume source is a volume name, or "" for an anonymous volume that is named when the container
 * is created. Options are podman's words (ro, rw, nosuid, noexec, nodev, shared, slave, private and their r forms,
 * bind, rbind, z, Z, U, size=, mode=, notmpcopyup, nocopy), checked here once.
 *
 * @param type        what is mounted
 * @param source      host path (bind), volume name or "" (volume), "tmpfs" (tmpfs)
 * @param destination absolute path inside the container
 * @param options     mount options in the order given
 */
public record MountSpec(Type type, String source, String destination, List<String> options) {
    /** What a mount brings into the container. */
    public enum Type {
        BIND, VOLUME, TMPFS,
        /**
         * An overlay the engine makes for a {@code :O} bind when the container starts ({@link #overlay}): the host
         * directory as the lower layer, upper and work directories of the container's own. Never parsed from a flag.
         */
        OVERLAY;

        /** The word podman uses: bind, volume, tmpfs. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final List<String> PROPAGATIONS = List.of("shared", "rshared", "slave", "rslave", "private",
            "rprivate", "unbindable", "runbindable");
    private static final List<String> FLAGS = List.of("nosuid", "suid", "nodev", "dev", "noexec", "exec", "z", "Z",
            "U", "O", "bind", "rbind", "nocopy", "copy", "notmpcopyup", "tmpcopyup", "noatime", "atime", "relatime",
            "strictatime", "sync", "dirsync");

    public MountSpec {
        Objects.requireNonNull(type, "type");
        source = Objects.requireNonNullElse(source, "");
        options = List.copyOf(Objects.requireNonNullElse(options, List.of()));
        destination = cleanDestination(destination);
        if (type == Type.BIND && !source.startsWith("/")) {
            throw new InvalidArgumentException("bind mount source \"" + source + "\" must be an absolute path");
        }
        if (type == Type.VOLUME && !source.isEmpty()) {
            if (!Ids.isValidName(source)) {
                throw new InvalidArgumentException("creating named volume \"" + source
                        + "\": running volume create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
            }
        }
        if (type == Type.TMPFS) {
            source = "tmpfs";
        }
        if (type == Type.OVERLAY) {
            if (!source.startsWith("/") || options.stream().noneMatch(o -> o.startsWith("upperdir="))
                    || options.stream().noneMatch(o -> o.startsWith("workdir="))) {
                throw new InvalidArgumentException("overlay mount on " + destination + " needs an absolute lower"
                        + " directory, an upperdir= and a workdir=");
            }
        } else {
            validateOptions(options);
        }
    }

    /**
     * The overlay that a {@code :O} bind of {@code lower} becomes while the container runs (podman's overlay volume):
     * the container sees the host directory's content and may change it, its changes going to {@code upper} and never
     * to the host directory.
     */
    public static MountSpec overlay(String lower, String destination, java.nio.file.Path upper,
            java.nio.file.Path work) {
        return new MountSpec(Type.OVERLAY, lower, destination, List.of("upperdir=" + upper, "workdir=" + work));
    }

    /** The value of an option {@code KEY=VALUE} of this mount, or "" when it has none. */
    public String option(String key) {
        return options.stream().filter(o -> o.startsWith(key + "=")).map(o -> o.substring(key.length() + 1))
                .findFirst().orElse("");
    }

    /** Whether the mount is read-only inside the container. */
    public boolean readOnly() {
        return options.contains("ro");
    }

    /** This mount with another source (a volume named at creation, a bind source resolved to an absolute path). */
    public MountSpec withSource(String newSource) {
        return new MountSpec(type, newSource, destination, options);
    }

    /**
     * Parses one {@code -v}/{@code --volume} value, {@code [SOURCE:]DEST[:OPTIONS]}. A source starting with "/" is a
     * host directory; anything else is a volume name; no source is an anonymous volume. Relative host paths (starting
     * with ".") must be made absolute by the caller before parsing, which knows the working directory.
     *
     * @throws InvalidArgumentException with podman's wording for an empty part, too many parts, a relative
     *                                  destination, an unknown or repeated option
     */
    public static MountSpec parseVolume(String value) {
        String[] parts = value.split(":", -1);
        if (parts.length > 3) {
            throw new InvalidArgumentException(value
                    + ": incorrect volume format, should be [host-dir:]ctr-dir[:option]");
        }
        if (parts.length == 1) {
            return new MountSpec(Type.VOLUME, "", requireDestination(parts[0]), List.of());
        }
        String src = parts[0];
        if (src.isEmpty()) {
            throw new InvalidArgumentException("host directory cannot be empty");
        }
        String dest = requireDestination(parts[1]);
        List<String> opts = parts.length == 3 ? splitOptions(parts[2]) : List.of();
        if (src.startsWith(".")) {
            throw new InvalidArgumentException("relative host path \"" + src + "\" must be made absolute first");
        }
        return new MountSpec(src.startsWith("/") ? Type.BIND : Type.VOLUME, src, dest, opts);
    }

    /**
     * Parses one {@code --tmpfs} value, {@code DEST[:OPTIONS]}, with podman's defaults (rw, noexec, nosuid, nodev)
     * unless the options say otherwise.
     */
    public static MountSpec parseTmpfs(String value) {
        int colon = value.indexOf(':');
        String dest = requireDestination(colon < 0 ? value : value.substring(0, colon));
        List<String> opts = new ArrayList<>(colon < 0 ? List.of() : splitOptions(value.substring(colon + 1)));
        addDefault(opts, "rw", "ro");
        addDefault(opts, "noexec", "exec");
        addDefault(opts, "nosuid", "suid");
        addDefault(opts, "nodev", "dev");
        return new MountSpec(Type.TMPFS, "tmpfs", dest, opts);
    }

    /**
     * Parses one {@code --mount} value: {@code type=bind|volume|tmpfs} and comma-separated keys
     * ({@code source|src}, {@code destination|dst|target}, {@code ro|readonly[=true|false]}, {@code bind-propagation},
     * {@code relabel}, {@code tmpfs-size}, {@code tmpfs-mode}, {@code U|chown}, {@code nocopy}, ...).
     *
     * @throws InvalidArgumentException naming the key that is unknown, missing or given a bad value
     */
    public static MountSpec parseMount(String value) {
        return MountFlag.parse(value);
    }

    /**
     * The mounts {@code --volumes-from CTR[:OPTIONS]} takes from another container: its volumes and binds (not its
     * tmpfs mounts), made read-only or read-write when {@code options} says {@code ro} or {@code rw}.
     *
     * @throws InvalidArgumentException for any other option
     */
    public static List<MountSpec> inherited(List<MountSpec> from, String options) {
        if (!options.isEmpty() && !options.equals("ro") && !options.equals("rw") && !options.equals("z")) {
            throw new InvalidArgumentException("invalid options \"" + options + "\" for --volumes-from:"
                    + " only ro, rw and z are allowed");
        }
        List<MountSpec> out = new ArrayList<>();
        for (MountSpec m : from) {
            if (m.type == Type.TMPFS) {
                continue;
            }
            List<String> opts = new ArrayList<>(m.options);
            if (options.equals("ro") || options.equals("rw")) {
                opts.removeIf(o -> o.equals("ro") || o.equals("rw"));
                opts.add(options);
            }
            out.add(new MountSpec(m.type, m.source, m.destination, opts));
        }
        return out;
    }

    /** {@code first}, then those of {@code more} whose destinations {@code first} does not mount. */
    public static List<MountSpec> merge(List<MountSpec> first, List<MountSpec> more) {
        List<MountSpec> out = new ArrayList<>(first);
        java.util.Set<String> dests = new java.util.HashSet<>();
        first.forEach(m -> dests.add(m.destination));
        for (MountSpec m : more) {
            if (dests.add(m.destination)) {
                out.add(m);
            }
        }
        return out;
    }

    /** The {@code --mount} form of this mount, which {@link #parseMount} reads back. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("type=").append(type.word());
        if (type != Type.TMPFS && !source.isEmpty()) {
            b.append(",source=").append(source);
        }
        b.append(",destination=").append(destination);
        for (String o : options) {
            b.append(',').append(o);
        }
        return b.toString();
    }

    static String requireDestination(String dest) {
        if (dest.isEmpty()) {
            throw new InvalidArgumentException("container directory cannot be empty");
        }
        if (!dest.startsWith("/")) {
            throw new InvalidArgumentException("invalid container path \"" + dest + "\", must be an absolute path");
        }
        return dest;
    }

    private static String cleanDestination(String dest) {
        requireDestination(Objects.requireNonNull(dest, "destination"));
        String clean = java.nio.file.Path.of(dest).normalize().toString();
        if (clean.contains("/..") || clean.startsWith("..")) {
            clean = "/" + java.nio.file.Path.of("/").relativize(java.nio.file.Path.of(clean)).normalize();
        }
        return clean;
    }

    static List<String> splitOptions(String s) {
        List<String> out = new ArrayList<>();
        for (String o : s.split(",", -1)) {
            if (!o.isEmpty()) {
                out.add(o);
            }
        }
        return out;
    }

    private static void addDefault(List<String> opts, String dflt, String opposite) {
        if (!opts.contains(dflt) && !opts.contains(opposite)) {
            opts.add(dflt);
        }
    }

    /** podman's checks: known words, one of ro/rw, one propagation, one of each exclusive pair. */
    private static void validateOptions(List<String> options) {
        int rw = 0;
        int propagation = 0;
        for (String o : options) {
            if (o.equals("ro") || o.equals("rw")) {
                rw++;
            } else if (PROPAGATIONS.contains(o)) {
                propagation++;
            } else if (!FLAGS.contains(o) && !o.startsWith("size=") && !o.startsWith("mode=")
                    && !o.startsWith("uid=") && !o.startsWith("gid=") && !o.startsWith("idmap")) {
                throw new InvalidArgumentException("invalid option type \"" + o + "\"");
            }
        }
        if (rw > 1) {
            throw new InvalidArgumentException("invalid options \"" + String.join(", ", options)
                    + "\", can only specify 1 'rw' or 'ro' option");
        }
        if (propagation > 1) {
            throw new InvalidArgumentException("invalid options \"" + String.join(", ", options)
                    + "\", can only specify 1 '[r]shared', '[r]private', '[r]slave' or '[r]unbindable' option");
        }
        if (options.contains("z") && options.contains("Z")) {
            throw new InvalidArgumentException("invalid options \"" + String.join(", ", options)
                    + "\", can only specify 1 'z', 'Z', or 'O' option");
        }
    }
}
