package dev.peapod.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.core.container.ExtraConfig;
import dev.peapod.core.define.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * {@code --device} and {@code --device-cgroup-rule} in a runtime spec as podman writes them: each host device node
 * made at its container path ({@code linux.devices}, with the host node's type, numbers, mode and owner) and allowed
 * in {@code linux.resources.devices} with its permissions ({@code rwm} by default); each rule added there as given.
 */
public final class DeviceSpec {
    private DeviceSpec() {
    }

    /** One {@code --device}: the host node, where it appears in the container, the cgroup permissions. */
    public record Device(String host, String container, String permissions) {
        /**
         * Parses {@code HOST[:CONTAINER][:PERMISSIONS]}.
         *
         * @throws InvalidArgumentException quoting it when malformed
         */
        public static Device parse(String spec) {
            String[] p = spec.split(":", -1);
            String perms = "rwm";
            String ctr = p[0];
            if (p.length == 2) {
                if (p[1].startsWith("/")) {
                    ctr = p[1];
                } else {
                    perms = p[1];
                }
            } else if (p.length == 3) {
                ctr = p[1];
                perms = p[2];
            }
            if (p.length > 3 || !p[0].startsWith("/") || !ctr.startsWith("/") || !perms.matches("[rwm]{1,3}")) {
                throw new InvalidArgumentException("invalid device specification: " + spec);
            }
            return new Device(p[0], ctr, perms);
        }

        /** inspect's CgroupPermissions: "" for the default {@code rwm}, else as given. */
        public String inspectPermissions() {
            return permissions.equals("rwm") ? "" : permissions;
        }
    }

    /** The host node's attributes. */
    private record Node(String type, long major, long minor, int mode, int uid, int gid) {
    }

    /**
     * Checks that each device of {@code x} is a device node on the host, in podman's words.
     *
     * @throws InvalidArgumentException for a missing host node or one that is not a device
     */
    public static void check(ExtraConfig x) {
        x.devices().forEach(d -> node(Device.parse(d).host()));
    }

    private static Node node(String host) {
        Path p = Path.of(host);
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode");
            String type = switch (mode & 0170000) {
                case 0020000 -> "c";
                case 0060000 -> "b";
                default -> throw new InvalidArgumentException(host + " is not a device node");
            };
            long rdev = ((Number) Files.getAttribute(p, "unix:rdev")).longValue();
            return new Node(type, (rdev >>> 8) & 0xfff | (rdev >>> 32) & ~0xfffL, rdev & 0xff | (rdev >>> 12) & ~0xffL,
                    mode & 07777, (Integer) Files.getAttribute(p, "unix:uid"),
                    (Integer) Files.getAttribute(p, "unix:gid"));
        } catch (NoSuchFileException e) {
            throw new InvalidArgumentException("stat " + host + ": no such file or directory");
        } catch (IOException e) {
            throw new InvalidArgumentException("stat " + host + ": " + e.getMessage());
        }
    }

    static void apply(ObjectNode spec, ExtraConfig x) {
        if (x.devices().isEmpty() && x.deviceRules().isEmpty()) {
            return;
        }
        ObjectNode linux = (ObjectNode) spec.path("linux");
        ArrayNode devices = linux.has("devices") ? (ArrayNode) linux.get("devices") : linux.putArray("devices");
        ArrayNode rules = (ArrayNode) linux.path("resources").path("devices");
        for (String spec1 : x.devices()) {
            Device d = Device.parse(spec1);
            Node n = node(d.host());
            for (Iterator<JsonNode> it = devices.iterator(); it.hasNext(); ) {
                if (it.next().path("path").asText().equals(d.container())) {
                    it.remove();
                }
            }
            devices.addObject().put("path", d.container()).put("type", n.type()).put("major", n.major())
                    .put("minor", n.minor()).put("fileMode", n.mode()).put("uid", n.uid()).put("gid", n.gid());
            rules.addObject().put("allow", true).put("type", n.type()).put("major", n.major()).put("minor", n.minor())
                    .put("access", d.permissions());
        }
        for (String r : x.deviceRules()) {
            String[] w = r.split(" ");
            String[] mm = w[1].split(":");
            ObjectNode rule = rules.addObject().put("allow", true).put("type", w[0]);
            if (!mm[0].equals("*")) {
                rule.put("major", Long.parseLong(mm[0]));
            }
            if (!mm[1].equals("*")) {
                rule.put("minor", Long.parseLong(mm[1]));
            }
            rule.put("access", w[2]);
        }
    }
}
