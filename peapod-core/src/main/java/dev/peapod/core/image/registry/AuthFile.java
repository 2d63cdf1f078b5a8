package dev.peapod.core.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.image.registry.RegistryOptions.Credentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The credentials file in the format podman and skopeo use ({@code auth.json}):
 * {@code {"auths": {"HOST[:PORT]": {"auth": "base64(user:password)"}}}}. Keys it does not know are kept when it
 * rewrites the file; writes replace the file atomically with mode 0600.
 */
final class AuthFile {
    /** Environment variable naming the auth file, as in podman. */
    public static final String ENV = "REGISTRY_AUTH_FILE";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;

    /** The auth file at {@code path}, which need not exist yet (it is created on the first {@link #put}). */
    public AuthFile(Path path) {
        this.path = path;
    }

    /** Where the file is. */
    public Path path() {
        return path;
    }

    /**
     * {@code $REGISTRY_AUTH_FILE}; else {@code /run/containers/0/auth.json} for root and
     * {@code $XDG_RUNTIME_DIR/containers/auth.json} for other users (podman's defaults).
     */
    public static Path defaultPath() {
        return defaultPath(System.getenv());
    }

    /** {@link #defaultPath()} for a caller whose environment is {@code env}. */
    public static Path defaultPath(Map<String, String> env) {
        String file = env.get(ENV);
        if (file != null && !file.isBlank()) {
            return Path.of(file);
        }
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (isRoot() || xdg == null || xdg.isBlank()) {
            return Path.of("/run/containers/0/auth.json");
        }
        return Path.of(xdg, "containers", "auth.json");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * The credentials stored for a registry ({@code host[:port]}), also found under the {@code https://} forms Docker
     * writes.
     *
     * @throws InvalidArgumentException if the file is not valid JSON or the entry is not base64 of user:password
     */
    public Optional<Credentials> get(String registry) {
        JsonNode auths = read().path("auths");
        for (String key : keysFor(registry)) {
            JsonNode e = auths.path(key);
            String auth = e.path("auth").asText("");
            if (!auth.isEmpty()) {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException ex) {
                    throw new InvalidArgumentException("the entry for " + key + " in " + path
                            + " is not base64: log in again", ex);
                }
                int colon = decoded.indexOf(':');
                if (colon <= 0) {
                    throw new InvalidArgumentException("the entry for " + key + " in " + path
                            + " is not user:password: log in again");
                }
                return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
            }
        }
        return Optional.empty();
    }

    /** Stores credentials for a registry, replacing any it had. */
    public void put(String registry, Credentials c) {
        ObjectNode root = read();
        ObjectNode auths = root.has("auths") && root.get("auths").isObject() ? (ObjectNode) root.get("auths")
                : root.putObject("auths");
        auths.putObject(registry).put("auth", Base64.getEncoder().encodeToString(
                (c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8)));
        write(root);
    }

    /**
     * Removes the credentials of a registry.
     *
     * @return whether there were any
     */
    public boolean remove(String registry) {
        ObjectNode root = read();
        if (!(root.get("auths") instanceof ObjectNode auths)) {
            return false;
        }
        boolean removed = false;
        for (String key : keysFor(registry)) {
            removed |= auths.remove(key) != null;
        }
        if (removed) {
            write(root);
        }
        return removed;
    }

    /** Removes every registry's credentials. */
    public void removeAll() {
        ObjectNode root = read();
        if (root.get("auths") instanceof ObjectNode auths) {
            for (Iterator<String> it = auths.fieldNames(); it.hasNext();) {
                it.next();
                it.remove();
            }
            write(root);
        }
    }

    private static List<String> keysFor(String registry) {
        if (registry.equals("docker.io")) {
            return List.of("docker.io", "https://index.docker.io/v1/", "index.docker.io", "registry-1.docker.io");
        }
        return List.of(registry, "https://" + registry, "http://" + registry);
    }

    private ObjectNode read() {
        if (!Files.exists(path)) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode n = JSON.readTree(Files.readAllBytes(path));
            if (n == null || n.isMissingNode()) {
                return JSON.createObjectNode();
            }
            if (!(n instanceof ObjectNode o)) {
                throw new InvalidArgumentException("auth file " + path + " is not a JSON object: fix or remove it");
            }
            return o;
        } catch (IOException e) {
            throw new InvalidArgumentException("auth file " + path + " cannot be read: " + e.getMessage()
                    + ": fix or remove it", e);
        }
    }

    private void write(ObjectNode root) {
        try {
            Path dir = path.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".auth.json-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write auth file " + path + ": " + e.getMessage(), e);
        }
    }
}
