package dev.peapod.core.volume;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The grammar of podman's {@code --mount type=...,key=value,...}, with podman's error texts. */
final class MountFlag {
    private static final String FORMAT = "incorrect mount format: should be --mount"
            + " type=<bind|tmpfs|volume>,[src=<host-dir|volume-name>,]target=<ctr-dir>[,options]";

    private MountFlag() {
    }

    static MountSpec parse(String value) {
        MountSpec.Type type = null;
        String source = null;
        String dest = null;
        List<String> opts = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String key = (eq < 0 ? part : part.substring(0, eq)).toLowerCase(Locale.ROOT);
            String val = eq < 0 ? null : part.substring(eq + 1);
            if (key.equals("type")) {
                type = switch (val == null ? "" : val) {
                    case "bind" -> MountSpec.Type.BIND;
                    case "volume" -> MountSpec.Type.VOLUME;
                    case "tmpfs" -> MountSpec.Type.TMPFS;
                    default -> throw new InvalidArgumentException("invalid filesystem type \"" + val + "\"");
                };
            } else {
                rest.add(part);
            }
        }
        if (type == null) {
            throw new InvalidArgumentException(FORMAT);
        }
        for (String part : rest) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            String val = eq < 0 ? null : part.substring(eq + 1);
            switch (key) {
                case "src", "source" -> {
                    if (type == MountSpec.Type.TMPFS) {
                        throw new InvalidArgumentException(key + ": invalid mount option");
                    }
                    source = requireValue(key, val);
                }
                case "dst", "destination", "target" -> dest = MountSpec.requireDestination(requireValue(key, val));
                case "ro", "readonly", "rw" -> {
                    boolean on = val == null || switch (val.toLowerCase(Locale.ROOT)) {
                        case "true" -> true;
                        case "false" -> false;
                        default -> throw new InvalidArgumentException("'readonly', 'ro', or 'rw' must be set to true or"
                                + " false, instead received \"" + val + "\": must provide an argument for option");
                    };
                    boolean ro = key.equals("rw") != on;
                    opts.removeIf(o -> o.equals("ro") || o.equals("rw"));
                    opts.add(ro ? "ro" : "rw");
                }
                case "bind-propagation" -> opts.add(requireValue(key, val));
                case "bind-nonrecursive" -> opts.add("bind");
                case "relabel" -> {
                    String v = requireValue(key, val);
                    if (!v.equals("shared") && !v.equals("private")) {
                        throw new InvalidArgumentException("relabel option must be \"shared\" or \"private\"");
                    }
                    opts.add(v.equals("shared") ? "z" : "Z");
                }
                case "U", "chown" -> {
                    if (val == null || Boolean.parseBoolean(val)) {
                        opts.add("U");
                    }
                }
                case "tmpfs-size" -> opts.add("size=" + requireValue(key, val));
                case "tmpfs-mode" -> opts.add("mode=" + requireValue(key, val));
                case "nocopy", "notmpcopyup", "tmpcopyup" -> opts.add(key);
                case "consistency" -> {
                    // accepted and ignored, as podman does
                }
                default -> throw new InvalidArgumentException(part + ": invalid mount option");
            }
        }
        if (dest == null) {
            throw new InvalidArgumentException("must set volume destination");
        }
        if (type == MountSpec.Type.BIND && source == null) {
            source = dest;
        }
        if (type == MountSpec.Type.TMPFS) {
            if (!opts.contains("ro") && !opts.contains("rw")) {
                opts.addFirst("rw");
            }
            opts.add("nosuid");
            opts.add("nodev");
        }
        return new MountSpec(type, source, dest, opts);
    }

    private static String requireValue(String key, String val) {
        if (val == null || val.isEmpty()) {
            throw new InvalidArgumentException(key + ": must provide an argument for option");
        }
        return val;
    }
}
