package dev.peapod.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.peapod.core.define.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code [containers]} settings of the ecosystem's {@code containers.conf} that peapod honours, as podman reads
 * them: {@code /usr/share/containers/containers.conf}, then {@code /etc/containers/containers.conf}, then the
 * drop-ins in {@code /etc/containers/containers.conf.d/*.conf} in name order, a later file overriding an earlier one
 * key by key. Keys peapod does not use are ignored, as podman ignores keys of newer versions.
 *
 * @param seccompProfile  {@code seccomp_profile}: the default seccomp profile file, "unconfined", or "" for the
 *                        built-in choice (the host's containers-common profile, else peapod's own)
 * @param apparmorProfile {@code apparmor_profile}: the AppArmor profile where AppArmor is enabled
 * @param pidsLimit       {@code pids_limit}: the default maximum number of processes in a container (0: none)
 * @param shmSize         {@code shm_size}: the default size of a container's /dev/shm, as podman writes it
 * @param sources         the files read, in order
 */
public record ContainersConf(String seccompProfile, String apparmorProfile, long pidsLimit, String shmSize,
                             List<Path> sources) {
    /** podman 4.3's defaults, with no file read. */
    public static final ContainersConf DEFAULTS = new ContainersConf("", "containers-default-0.50.1", 2048, "65536k",
            List.of());
    /** Where podman looks, lowest priority first. */
    public static final List<Path> SYSTEM_FILES = List.of(Path.of("/usr/share/containers/containers.conf"),
            Path.of("/etc/containers/containers.conf"));

    public ContainersConf {
        sources = List.copyOf(sources);
    }

    /** The system's configuration ({@link #SYSTEM_FILES} and their drop-ins) over podman's defaults. */
    public static ContainersConf system() {
        return load(SYSTEM_FILES);
    }

    /**
     * Reads {@code files} (each with its {@code .d} drop-in directory) over podman's defaults; missing files are skipped.
     *
     * @throws InvalidArgumentException naming the file and what is wrong, if one is not valid TOML or a key has the
     *                                  wrong type
     */
    public static ContainersConf load(List<Path> files) {
        List<Path> all = new ArrayList<>();
        for (Path f : files) {
            if (Files.isRegularFile(f)) {
                all.add(f);
            }
            Path dropIns = f.resolveSibling(f.getFileName() + ".d");
            if (Files.isDirectory(dropIns)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dropIns, "*.conf")) {
                    List<Path> sorted = new ArrayList<>();
                    ds.forEach(sorted::add);
                    sorted.sort(null);
                    all.addAll(sorted);
                } catch (IOException e) {
                    throw new InvalidArgumentException("cannot read " + dropIns + ": " + e.getMessage(), e);
                }
            }
        }
        String seccomp = DEFAULTS.seccompProfile();
        String apparmor = DEFAULTS.apparmorProfile();
        long pids = DEFAULTS.pidsLimit();
        String shm = DEFAULTS.shmSize();
        TomlMapper toml = new TomlMapper();
        for (Path f : all) {
            JsonNode root;
            try {
                root = toml.readTree(f.toFile());
            } catch (IOException e) {
                throw new InvalidArgumentException("cannot parse " + f + " as TOML: " + e.getMessage()
                        + ": fix the file (it is containers.conf, shared with podman)", e);
            }
            JsonNode c = root == null ? null : root.get("containers");
            if (c == null) {
                continue;
            }
            seccomp = text(f, c, "seccomp_profile", seccomp);
            apparmor = text(f, c, "apparmor_profile", apparmor);
            shm = text(f, c, "shm_size", shm);
            JsonNode p = c.get("pids_limit");
            if (p != null) {
                if (!p.canConvertToLong()) {
                    throw new InvalidArgumentException(f + ": [containers] pids_limit must be a number, not " + p);
                }
                pids = p.asLong();
            }
        }
        return new ContainersConf(seccomp, apparmor, pids, shm, all);
    }

    private static String text(Path f, JsonNode section, String key, String current) {
        JsonNode v = section.get(key);
        if (v == null) {
            return current;
        }
        if (!v.isTextual()) {
            throw new InvalidArgumentException(f + ": [containers] " + key + " must be a string, not " + v);
        }
        return v.asText();
    }
}
