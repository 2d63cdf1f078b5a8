package dev.peapod.core.secret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.core.define.AlreadyExistsException;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchObjectException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.lock.FileLockManager;
import dev.peapod.core.lock.ObjectLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Secrets with podman's {@code file} driver semantics and layout: {@code <root>/secrets/secrets.json} (names, ids,
 * creation times) and {@code <root>/secrets/filedriver/secretsdata.json} (id to base64 data), both directories 0700
 * and both files 0600, written whole through a temporary file and a rename under a lock shared by threads and
 * processes ({@code secrets.lock}). A secret is looked up by name, full id or a unique id prefix.
 */
public final class SecretStore {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9_.-]{0,62}[a-zA-Z0-9])?");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The most data a secret may hold (podman's 512000 bytes). */
    public static final int MAX_SIZE = 512_000;

    private final Path dir;
    private final Path dataDir;
    private final ObjectLock lock;

    /** The store under {@code dir} (normally {@code <root>/secrets}); nothing is made until a secret is created. */
    public SecretStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        this.dataDir = this.dir.resolve("filedriver");
        this.lock = new FileLockManager(this.dir).lock("secrets");
    }

    /**
     * Stores a new secret.
     *
     * @throws InvalidArgumentException for a name podman refuses, empty data or data over {@link #MAX_SIZE}
     * @throws AlreadyExistsException   if the name is taken ({@code NAME: secret name in use})
     */
    public Secret create(String name, byte[] data, Map<String, String> labels) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidArgumentException("only 64 [a-zA-Z0-9-_.] characters allowed, and the start and end "
                    + "character must be [a-zA-Z0-9]: " + name + ": invalid secret name");
        }
        if (data.length == 0 || data.length > MAX_SIZE) {
            throw new InvalidArgumentException("secret data must be larger than 0 and less than " + MAX_SIZE
                    + " bytes");
        }
        try (var held = lock.acquire()) {
            ObjectNode index = readIndex();
            if (index.path("nameToID").has(name)) {
                throw new AlreadyExistsException(name + ": secret name in use");
            }
            byte[] raw = new byte[13];
            RANDOM.nextBytes(raw);
            String id = HexFormat.of().formatHex(raw).substring(0, 25);
            Instant now = Instant.now();
            ObjectNode data1 = readData();
            data1.put(id, Base64.getEncoder().encodeToString(data));
            ObjectNode s = index.with("secrets").putObject(id);
            s.put("name", name).put("id", id).put("createdAt", now.toString()).put("driver", "file");
            s.putObject("driverOptions").put("path", dataDir.toString());
            if (!labels.isEmpty()) {
                ObjectNode l = s.putObject("labels");
                labels.forEach(l::put);
            }
            index.with("nameToID").put(name, id);
            index.with("idToName").put(id, name);
            write(dataDir.resolve("secretsdata.json"), data1);
            write(dir.resolve("secrets.json"), index);
            return secret(s);
        }
    }

    /** Every secret, in creation order. */
    public List<Secret> list() {
        try (var held = lock.acquire()) {
            List<Secret> out = new ArrayList<>();
            readIndex().path("secrets").forEach(s -> out.add(secret(s)));
            return out;
        }
    }

    /** @throws NoSuchObjectException podman's {@code no secret with name or id "X": no such secret} */
    public Secret get(String nameOrId) {
        try (var held = lock.acquire()) {
            return secret(readIndex().path("secrets").path(resolve(readIndex(), nameOrId)));
        }
    }

    /** Whether a secret of that name or id exists. */
    public boolean exists(String nameOrId) {
        try {
            get(nameOrId);
            return true;
        } catch (NoSuchObjectException e) {
            return false;
        }
    }

    /** The secret's data. @throws NoSuchObjectException as {@link #get} */
    public byte[] data(String nameOrId) {
        try (var held = lock.acquire()) {
            String id = resolve(readIndex(), nameOrId);
            JsonNode d = readData().get(id);
            if (d == null) {
                throw new PeapodException("secret " + nameOrId + " has no data in " + dataDir);
            }
            return Base64.getDecoder().decode(d.asText());
        }
    }

    /**
     * Removes a secret and its data.
     *
     * @return its id
     * @throws NoSuchObjectException as {@link #get}
     */
    public String remove(String nameOrId) {
        try (var held = lock.acquire()) {
            ObjectNode index = readIndex();
            String id = resolve(index, nameOrId);
            String name = index.path("idToName").path(id).asText();
            ObjectNode data = readData();
            data.remove(id);
            index.with("secrets").remove(id);
            index.with("nameToID").remove(name);
            index.with("idToName").remove(id);
            write(dir.resolve("secrets.json"), index);
            write(dataDir.resolve("secretsdata.json"), data);
            return id;
        }
    }

    private static String resolve(ObjectNode index, String nameOrId) {
        JsonNode byName = index.path("nameToID").get(nameOrId);
        if (byName != null) {
            return byName.asText();
        }
        if (index.path("idToName").has(nameOrId)) {
            return nameOrId;
        }
        String found = null;
        for (Iterator<String> it = index.path("idToName").fieldNames(); it.hasNext(); ) {
            String id = it.next();
            if (!nameOrId.isEmpty() && id.startsWith(nameOrId)) {
                if (found != null) {
                    throw new InvalidArgumentException("more than one secret starts with \"" + nameOrId + "\"");
                }
                found = id;
            }
        }
        if (found == null) {
            throw new NoSuchObjectException("no secret with name or id \"" + nameOrId + "\": no such secret");
        }
        return found;
    }

    private static Secret secret(JsonNode s) {
        Map<String, String> labels = new LinkedHashMap<>();
        s.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new Secret(s.path("id").asText(), s.path("name").asText(), Instant.parse(s.path("createdAt").asText()),
                s.path("driver").asText("file"), s.path("driverOptions").path("path").asText(), labels);
    }

    private ObjectNode readIndex() {
        ObjectNode n = read(dir.resolve("secrets.json"));
        n.with("secrets");
        n.with("nameToID");
        n.with("idToName");
        return n;
    }

    private ObjectNode readData() {
        return read(dataDir.resolve("secretsdata.json"));
    }

    private static ObjectNode read(Path file) {
        try {
            if (!Files.exists(file)) {
                return JSON.createObjectNode();
            }
            JsonNode n = JSON.readTree(file.toFile());
            if (!(n instanceof ObjectNode o)) {
                throw new PeapodException(file + " does not hold a JSON object");
            }
            return o;
        } catch (IOException e) {
            throw new PeapodException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(Path file, ObjectNode content) {
        try {
            for (Path d : List.of(dir, dataDir)) {
                Files.createDirectories(d);
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
            }
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, JSON.writeValueAsBytes(content));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new PeapodException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
