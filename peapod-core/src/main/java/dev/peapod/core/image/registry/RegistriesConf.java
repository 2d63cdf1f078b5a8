package dev.peapod.core.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.image.ImageReference;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What peapod reads of the containers tools' {@code registries.conf} (version 2, TOML): {@code
 * unqualified-search-registries}, {@code [aliases]} and the {@code insecure} and {@code blocked} flags of
 * {@code [[registry]]} tables (matched by their {@code prefix}, else {@code location}). Drop-in files in the
 * {@code registries.conf.d} directory beside the file are read after it in name order: a later file's search list
 * replaces the earlier one, aliases and registry tables are merged.
 *
 * <p>Short names resolve as podman does on a non-terminal: an alias wins; otherwise each search registry is tried in
 * order (podman's "permissive" behaviour; peapod never prompts).
 *
 * @param path                  the main file
 * @param searchRegistries      registries tried for short names, in order
 * @param aliases               short name (repository without tag) → fully qualified repository
 * @param registries            registry tables by prefix
 */
record RegistriesConf(Path path, List<String> searchRegistries, Map<String, String> aliases,
        Map<String, RegistryEntry> registries) {

    /**
     * One {@code [[registry]]} table.
     *
     * @param prefix   the references it applies to ({@code host[:port][/path]})
     * @param insecure plain HTTP or unverified TLS allowed
     * @param blocked  pulls refused
     */
    public record RegistryEntry(String prefix, boolean insecure, boolean blocked) {
    }

    public RegistriesConf {
        searchRegistries = List.copyOf(searchRegistries);
        aliases = Map.copyOf(aliases);
        registries = Map.copyOf(registries);
    }

    /**
     * Reads the file and its drop-in directory. A missing file reads as empty.
     *
     * @throws InvalidArgumentException naming the file when it is not valid TOML or a value has the wrong type
     */
    public static RegistriesConf load(Path file) {
        List<String> search = new ArrayList<>();
        Map<String, String> aliases = new LinkedHashMap<>();
        Map<String, RegistryEntry> regs = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            files.add(file);
        }
        Path dropIns = file.resolveSibling(file.getFileName() + ".d");
        if (Files.isDirectory(dropIns)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dropIns, "*.conf")) {
                List<Path> sorted = new ArrayList<>();
                ds.forEach(sorted::add);
                sorted.sort(null);
                files.addAll(sorted);
            } catch (IOException e) {
                throw new InvalidArgumentException("cannot read " + dropIns + ": " + e.getMessage(), e);
            }
        }
        TomlMapper toml = new TomlMapper();
        for (Path f : files) {
            JsonNode root;
            try {
                root = toml.readTree(f.toFile());
            } catch (IOException e) {
                throw new InvalidArgumentException("cannot parse " + f + " as TOML: " + e.getMessage()
                        + ": fix the file or point " + RegistryOptions.REGISTRIES_CONF_ENV + " at another", e);
            }
            if (root == null) {
                continue;
            }
            JsonNode s = root.path("unqualified-search-registries");
            if (!s.isMissingNode()) {
                if (!s.isArray()) {
                    throw new InvalidArgumentException(f + ": unqualified-search-registries must be an array of strings");
                }
                search.clear();
                s.forEach(n -> search.add(n.asText()));
            }
            root.path("aliases").properties().forEach(e -> aliases.put(e.getKey(), e.getValue().asText()));
            for (JsonNode r : root.path("registry")) {
                String location = r.path("location").asText("");
                String prefix = r.path("prefix").asText(location);
                if (prefix.isEmpty()) {
                    throw new InvalidArgumentException(f + ": a [[registry]] table needs a location or a prefix");
                }
                regs.put(prefix, new RegistryEntry(prefix, r.path("insecure").asBoolean(false),
                        r.path("blocked").asBoolean(false)));
            }
        }
        return new RegistriesConf(file, search, aliases, regs);
    }

    /**
     * The fully qualified references to try for what the user typed, in order. A qualified name gives itself (Docker
     * Hub names normalized: {@code docker.io/busybox} → {@code docker.io/library/busybox}); a short name gives its
     * alias, else one candidate per search registry. The tag defaults to {@code latest} unless a digest is given.
     *
     * @throws InvalidArgumentException if the reference is malformed
     * @throws RegistryException        for a short name without alias when no search registries are configured
     */
    public List<ImageReference> candidates(String input) {
        ImageReference ref = parse(input);
        if (!ref.isShortName()) {
            return List.of(normalize(ref));
        }
        String alias = aliases.get(ref.repository());
        if (alias != null) {
            ImageReference a = parse(alias);
            return List.of(normalize(new ImageReference(a.registry(), a.repository(), ref.tag(), ref.digest())));
        }
        if (searchRegistries.isEmpty()) {
            throw new RegistryException("short-name \"" + input + "\" did not resolve to an alias and no "
                    + "unqualified-search registries are defined in \"" + path + "\": use a fully qualified name "
                    + "(e.g. docker.io/library/" + ref.repository() + ") or configure unqualified-search-registries");
        }
        List<ImageReference> out = new ArrayList<>();
        for (String reg : searchRegistries) {
            out.add(normalize(new ImageReference(reg, ref.repository(), ref.tag(), ref.digest())));
        }
        return out;
    }

    /** The {@code [[registry]]} table with the longest prefix matching {@code host/repository}, if any. */
    public java.util.Optional<RegistryEntry> entryFor(ImageReference ref) {
        String name = ref.name();
        RegistryEntry best = null;
        for (RegistryEntry e : registries.values()) {
            String p = e.prefix();
            boolean match = name.equals(p) || name.startsWith(p + "/") || p.equals(ref.registry());
            if (match && (best == null || p.length() > best.prefix().length())) {
                best = e;
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    /** Whether registries.conf marks this registry ({@code host[:port]}) insecure. */
    public boolean isInsecure(String registry) {
        return registries.values().stream().anyMatch(e -> e.insecure() && (e.prefix().equals(registry)
                || e.prefix().startsWith(registry + "/")));
    }

    /**
     * Normalizes a qualified reference: {@code index.docker.io} becomes {@code docker.io}, one-component Docker Hub
     * repositories get {@code library/}, and the tag defaults to {@code latest} without a digest.
     */
    public static ImageReference normalize(ImageReference r) {
        String reg = r.registry().equals("index.docker.io") ? "docker.io" : r.registry();
        String repo = reg.equals("docker.io") && !r.repository().contains("/") ? "library/" + r.repository()
                : r.repository();
        return new ImageReference(reg, repo, r.tag(), r.digest()).withDefaultTag();
    }

    private static ImageReference parse(String input) {
        String s = input.startsWith("docker://") ? input.substring("docker://".length()) : input;
        return ImageReference.parse(s);
    }
}
