package dev.peapod.core;

import dev.peapod.core.cgroup.CgroupManager;
import dev.peapod.core.define.Ids;
import dev.peapod.core.image.Digest;
import dev.peapod.core.image.Image;
import dev.peapod.core.image.ImageStore;
import dev.peapod.core.network.PodNetworks;
import dev.peapod.core.sys.FileTrees;
import dev.peapod.core.sys.ProcessRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code system check}, as podman 5's: looks for damage and for what no object owns (layers, container storage and
 * mounted root file systems, runtime containers), and with {@code repair} removes
 * only the latter and what is damaged beyond use, never anything consistent. Each finding says what was found and
 * what was (or would be) done.
 */
final class SystemCheck {
    private final Runtime rt;
    private final boolean quick;
    private final boolean repair;
    private final boolean force;
    private final List<CheckReport.Finding> findings = new ArrayList<>();
    /** Each layer's content verdict, computed once however many images share it. */
    private final Map<String, Optional<String>> verifiedLayers = new HashMap<>();

    SystemCheck(Runtime rt, boolean quick, boolean repair, boolean force) {
        this.rt = rt;
        this.quick = quick;
        this.repair = repair;
        this.force = force;
    }

    CheckReport run() {
        Path root = rt.options().root();
        for (String problem : checkDatabase(root.resolve("peapod.db"))) {
            add("database", "peapod.db", problem, "none: restore the store from a backup");
        }
        ImageStore images = rt.images();
        List<Container> containers = rt.containers();
        Set<String> usedLayers = new HashSet<>();
        Set<String> damaged = new LinkedHashSet<>();
        for (Image img : images.list()) {
            img.diffIds().forEach(d -> usedLayers.add(Digest.parseOrHex(d).hex()));
            String problem = imageProblem(root, img);
            if (problem != null) {
                damaged.add(img.id());
                List<Container> users = containers.stream().filter(c -> img.id().equals(c.config().imageId())).toList();
                if (!repair) {
                    add("image", img.id(), problem, "none (check only)");
                } else if (!users.isEmpty() && !force) {
                    add("image", img.id(), problem, "kept: used by " + users.size() + " container(s); --force removes them");
                } else {
                    for (Container c : users) {
                        rt.removeContainer(c, true, 0);
                        add("container", c.id(), "uses damaged image " + shortId(img.id()), "removed");
                    }
                    images.remove(img.id());
                    add("image", img.id(), problem, "removed");
                }
            }
        }
        Set<String> known = new HashSet<>();
        for (Container c : rt.containers()) {
            known.add(c.id());
            String imageId = c.config().imageId();
            if (imageId != null && !imageId.isEmpty() && images.find(imageId).isEmpty() && !damaged.contains(imageId)) {
                add("container", c.id(), "its image " + shortId(imageId) + " is missing", "none: remove it (rm -f)");
            }
        }
        orphanLayers(root.resolve("overlay"), usedLayers);
        orphanContainerStorage(root, known);
        orphanRuntimeContainers(known);
        orphanNetworks(known);
        orphanCgroups(known, rt.pods().stream().map(Pod::id).collect(java.util.stream.Collectors.toSet()));
        return new CheckReport(List.copyOf(findings), repair);
    }

    /** {@code PRAGMA integrity_check} and {@code foreign_key_check} on a read-only connection; empty when sound. */
    static List<String> checkDatabase(Path db) {
        List<String> out = new ArrayList<>();
        if (!Files.exists(db)) {
            return List.of("missing");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
             Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
                while (r.next()) {
                    if (!"ok".equals(r.getString(1))) {
                        out.add(r.getString(1));
                    }
                }
            }
            try (ResultSet r = s.executeQuery("PRAGMA foreign_key_check")) {
                while (r.next()) {
                    out.add("row " + r.getLong(2) + " of " + r.getString(1) + " refers to a missing " + r.getString(3));
                }
            }
        } catch (SQLException e) {
            out.add("cannot be read: " + e.getMessage());
        }
        return out;
    }

    private String imageProblem(Path root, Image img) {
        for (String d : img.diffIds()) {
            Path layer = root.resolve("overlay").resolve(Digest.parseOrHex(d).hex()).resolve("diff");
            if (!Files.isDirectory(layer)) {
                return "layer " + d + " is missing (" + layer + ")";
            }
        }
        if (!quick) {
            for (String d : img.diffIds()) {
                String problem = verifiedLayers.computeIfAbsent(d, k -> Optional.ofNullable(layerContentProblem(root, k)))
                        .orElse(null);
                if (problem != null) {
                    return problem;
                }
            }
            Path config = root.resolve("images/blobs/sha256").resolve(img.id());
            try (InputStream in = Files.newInputStream(config)) {
                if (!Digest.sha256(in).hex().equals(img.id())) {
                    return "its configuration blob does not match its digest";
                }
            } catch (IOException e) {
                return "its configuration blob cannot be read: " + e.getMessage();
            }
        }
        return null;
    }

    /**
     * Whether a layer's extracted files still hash to its diffID: the tar its tar-split rebuilds from them must (podman
     * verifies containers/storage layers the same way). Reads the whole layer.
     *
     * @return null when they do, or when the layer predates tar-splits and cannot be verified; else what is wrong
     */
    private String layerContentProblem(Path root, String diffId) {
        Digest id = Digest.parseOrHex(diffId);
        if (!Files.isRegularFile(root.resolve("overlay").resolve(id.hex()).resolve("tar-split.gz"))) {
            return null;
        }
        MessageDigest md = Digest.newHasher();
        try (OutputStream o = new DigestOutputStream(OutputStream.nullOutputStream(), md)) {
            rt.images().writeStoredLayerTar(diffId, o);
        } catch (IOException e) {
            return "layer " + diffId + "'s content is damaged: " + e.getMessage();
        }
        Digest actual = Digest.of(md);
        return actual.equals(id) ? null : "layer " + diffId + "'s content is damaged: its files hash to " + actual;
    }

    private void orphanLayers(Path overlay, Set<String> used) {
        try (Stream<Path> dirs = Files.list(overlay)) {
            for (Path d : dirs.toList()) {
                String name = d.getFileName().toString();
                if (name.length() != 64 || !name.chars().allMatch(ch -> Character.digit(ch, 16) >= 0) || used.contains(name)) {
                    continue;
                }
                if (repair) {
                    deleteTree(d);
                }
                add("layer", name, "no image uses it", repair ? "removed" : "none (check only)");
            }
        } catch (IOException e) {
            // no layers yet
        }
    }

    /** Container storage (overlay-containers/ID: its layer, its mounted rootfs) of containers the database lacks. */
    private void orphanContainerStorage(Path root, Set<String> known) {
        Path containersDir = root.resolve("overlay-containers");
        String mountinfo;
        try {
            mountinfo = String.join("\n", Files.readAllLines(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            mountinfo = "";
        }
        try (Stream<Path> dirs = Files.list(containersDir)) {
            for (Path d : dirs.toList()) {
                String id = d.getFileName().toString();
                if (known.contains(id) || !Files.isDirectory(d) || id.startsWith(".")) {
                    continue;
                }
                boolean mounted = mountinfo.contains(" " + d.resolve("merged") + " ");
                if (repair) {
                    rt.storage().remove(id);
                }
                add("storage", id, "no container owns its storage" + (mounted ? " (its root file system is mounted)" : ""),
                        repair ? "removed" : "none (check only)");
            }
        } catch (IOException e) {
            // no container storage yet
        }
    }

    private void orphanRuntimeContainers(Set<String> known) {
        Path stateRoot = rt.options().runRoot().resolve("runtime");
        String runc = rt.options().runtimePath().isAbsolute() ? rt.options().runtimePath().toString()
                : dev.peapod.core.oci.ConmonRuntime.findOnPath(rt.options().runtimePath().toString()).toString();
        ProcessRunner.Result list = ProcessRunner.system().run(List.of(runc, "--root", stateRoot.toString(), "list",
                "-q"), Duration.ofSeconds(30));
        if (list.exitCode() != 0) {
            return;
        }
        for (String id : list.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList()) {
            if (known.contains(id)) {
                continue;
            }
            if (repair) {
                ProcessRunner.system().run(List.of(runc, "--root", stateRoot.toString(), "delete", "--force", id),
                        Duration.ofSeconds(30));
            }
            add("runtime", id, "runc holds a container no peapod container owns", repair ? "deleted" : "none (check only)");
        }
    }

    /** Network leases (a namespace, addresses, netavark's rules) of containers the database lacks. */
    private void orphanNetworks(Set<String> known) {
        PodNetworks net = rt.engine().networks().orNull();
        if (net == null) {
            return;
        }
        for (String id : net.leaseIds()) {
            if (known.contains(id)) {
                continue;
            }
            String what = "no container owns its network lease (namespace " + net.netnsPath(id).orElse("none")
                    + ", addresses " + net.addresses(id).values() + ")";
            if (!repair) {
                add("network", id, what, "none (check only)");
                continue;
            }
            try {
                net.tearDown(id);
                add("network", id, what, "torn down (namespace, addresses, forwarding rules)");
            } catch (RuntimeException e) {
                add("network", id, what, "could not be torn down: " + e.getMessage());
            }
        }
    }

    /**
     * Cgroups under the store's cgroup parent named for containers ({@code peapod-ID}) or pods (the pod's id) that
     * the database lacks, and container cgroups inside known pods' cgroups. Only empty ones are removed: a cgroup
     * with processes is reported with them, for the operator to look at.
     */
    private void orphanCgroups(Set<String> knownContainers, Set<String> knownPods) {
        CgroupManager cg;
        try {
            cg = CgroupManager.detect();
        } catch (RuntimeException e) {
            return; // no cgroup file system to look at
        }
        String parent = rt.options().cgroupParent();
        List<String> candidates = new ArrayList<>();
        for (String name : cg.children(parent)) {
            String path = parent + "/" + name;
            if (name.startsWith("peapod-") && Ids.isFullId(name.substring(7))) {
                if (!knownContainers.contains(name.substring(7))) {
                    candidates.add(path);
                }
            } else if (Ids.isFullId(name)) {
                if (!knownPods.contains(name)) {
                    candidates.add(path);
                    continue;
                }
                for (String child : cg.children(path)) {
                    if (child.startsWith("peapod-") && Ids.isFullId(child.substring(7))
                            && !knownContainers.contains(child.substring(7))) {
                        candidates.add(path + "/" + child);
                    }
                }
            }
        }
        for (String path : candidates) {
            List<Long> pids = cg.pids(path);
            String what = "no pod or container of this store owns it";
            if (!pids.isEmpty()) {
                add("cgroup", path, what + "; processes " + pids + " are still inside", "none: stop them first");
            } else if (!repair) {
                add("cgroup", path, what, "none (check only)");
            } else {
                try {
                    cg.remove(path);
                    add("cgroup", path, what, "removed");
                } catch (RuntimeException e) {
                    add("cgroup", path, what, "could not be removed: " + e.getMessage());
                }
            }
        }
    }

    private void add(String kind, String object, String problem, String action) {
        findings.add(new CheckReport.Finding(kind, object, problem, action));
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** Deletes a directory tree without following symlinks; what cannot be deleted is left and reported. */
    private void deleteTree(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            add("layer", dir.toString(), "could not be removed completely: " + e.getMessage(), "none");
        }
    }
}
