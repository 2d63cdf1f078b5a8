package dev.peapod.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.cgroup.CgroupManager;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.define.Ids;
import dev.peapod.core.image.Digest;
import dev.peapod.core.image.Image;
import dev.peapod.core.testing.TestDirs;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code system check} on stores damaged on purpose, on real runc and overlayfs: each damage is reported, a check
 * changes nothing, {@code --repair} removes only what nothing owns (and damaged images, with {@code --force} their
 * containers), a second check is clean and an untouched container still starts.
 */
class SystemCheckIT {
    @RegisterExtension
    final RuntimeStore store = RuntimeStore.named("check-it");
    Runtime rt;

    @BeforeEach
    void open() {
        rt = store.runtime();
    }

    private static List<String> kinds(CheckReport r) {
        return r.findings().stream().map(f -> f.kind() + ":" + f.action()).toList();
    }

    @Test
    void damageIsReportedRepairedOnlyWhereOwnedByNothingAndTheRestStillRuns() throws Exception {
        Container keeper = rt.createContainer(ContainerConfig.builder().name("keeper").image("peapod-infra")
                .command(List.of("/catatonit", "-P")).stopTimeout(1).build());
        Container user = rt.createContainer(ContainerConfig.builder().name("user").image("busybox")
                .command(List.of("true")).build());
        Container victim = rt.createContainer(ContainerConfig.builder().name("victim").image("busybox")
                .command(List.of("sleep", "300")).stopTimeout(1).build());
        victim.start();
        assertThat(rt.check(false, false, false).findings()).isEmpty();

        Path root = rt.options().root();
        // a layer no image uses
        String stray = Digest.sha256("stray".getBytes()).hex();
        Files.createDirectories(root.resolve("overlay").resolve(stray).resolve("diff"));
        Files.writeString(root.resolve("overlay").resolve(stray).resolve("diff/file"), "x");
        // the victim's rows lost behind peapod's back: its runc container and rootfs mount are owned by nothing
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("peapod.db"));
             Statement s = c.createStatement()) {
            s.execute("PRAGMA foreign_keys = OFF");
            for (String table : List.of("ContainerDependency", "ContainerState", "ContainerConfig", "IDNamespace")) {
                s.executeUpdate("DELETE FROM " + table + " WHERE ID = '" + victim.id() + "'");
            }
        }
        // a layer of busybox deleted: the image is damaged, and "user" uses it
        Image busybox = rt.images().resolve("busybox");
        String layer = Digest.parseOrHex(busybox.diffIds().getFirst()).hex();
        TestDirs.deleteTree(root.resolve("overlay").resolve(layer));

        CheckReport found = rt.check(false, false, false);
        assertThat(kinds(found)).containsExactlyInAnyOrder("image:none (check only)", "layer:none (check only)",
                "storage:none (check only)", "runtime:none (check only)", "cgroup:none: stop them first");
        assertThat(found.findings()).anySatisfy(f -> assertThat(f.object()).isEqualTo(stray));
        assertThat(found.findings()).anySatisfy(f -> assertThat(f.object()).isEqualTo(victim.id()));
        // checking changed nothing
        assertThat(Files.exists(root.resolve("overlay").resolve(stray))).isTrue();
        assertThat(kinds(rt.check(true, false, false))).hasSize(5);

        CheckReport repaired = rt.check(false, true, false);
        assertThat(kinds(repaired)).containsExactlyInAnyOrder("layer:removed", "storage:removed", "runtime:deleted",
                "image:kept: used by 1 container(s); --force removes them");
        assertThat(rt.container("user").config().imageId()).isEqualTo(busybox.id());
        assertThat(kinds(rt.check(false, false, false))).containsExactly("image:none (check only)");

        CheckReport forced = rt.check(false, true, true);
        assertThat(kinds(forced)).containsExactlyInAnyOrder("container:removed", "image:removed");
        assertThat(rt.containers()).extracting(Container::name).containsExactly("keeper");
        assertThat(rt.check(false, false, false).findings()).isEmpty();

        keeper.start();
        assertThat(keeper.refresh().state()).isEqualTo(ContainerStatus.RUNNING);
        rt.removeContainer(keeper, true, 0);
    }

    @Test
    void emptyCgroupsNoObjectOwnsAreRemovedAndOwnedOnesKept() throws Exception {
        CgroupManager cg = CgroupManager.detect();
        Pod pod = rt.createPod(PodConfig.builder().name("p").infra(false).build(), Runtime.InfraSpec.DEFAULT);
        Container member = rt.createContainer(ContainerConfig.builder().name("m").podId(pod.id()).image("busybox")
                .command(List.of("sleep", "300")).stopTimeout(1).build());
        member.start();
        String podPath = member.refresh().cgroupPath();
        String podCgroup = podPath.substring(0, podPath.lastIndexOf('/'));
        String strayContainer = store.cgroupParent() + "/peapod-" + Ids.newId();
        String strayPod = store.cgroupParent() + "/" + Ids.newId();
        String strayMember = podCgroup + "/peapod-" + Ids.newId();
        String notOurs = store.cgroupParent() + "/something-else";
        for (String p : List.of(strayContainer, strayPod, strayMember, notOurs)) {
            cg.create(p);
        }
        CheckReport found = rt.check(false, false, false);
        assertThat(found.findings()).extracting(CheckReport.Finding::object)
                .containsExactlyInAnyOrder(strayContainer, strayPod, strayMember);
        assertThat(kinds(found)).containsOnly("cgroup:none (check only)");
        assertThat(cg.exists(strayPod)).isTrue();

        assertThat(kinds(rt.check(false, true, false))).containsExactly("cgroup:removed", "cgroup:removed",
                "cgroup:removed");
        assertThat(List.of(strayContainer, strayPod, strayMember)).noneMatch(cg::exists);
        assertThat(cg.exists(notOurs)).isTrue();
        assertThat(rt.check(false, false, false).findings()).isEmpty();
        assertThat(member.refresh().state()).isEqualTo(ContainerStatus.RUNNING);
        rt.removePod(pod, true, 0);
        cg.remove(notOurs);
    }

    /** The largest regular file of a layer: the one whose damage a check must not miss. */
    private static Path largestFile(Path diff) throws Exception {
        try (var files = Files.walk(diff)) {
            return files.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }
    }

    @Test
    void aLayerFileChangedOrTruncatedIsFoundByHashingAndRepairRemovesTheImage() throws Exception {
        Container keeper = rt.createContainer(ContainerConfig.builder().name("keeper").image("peapod-infra")
                .command(List.of("/catatonit", "-P")).stopTimeout(1).build());
        rt.removeContainer(rt.createContainer(ContainerConfig.builder().name("once").image("busybox")
                .command(List.of("true")).build()), true, 0); // makes the built-in busybox image
        Image busybox = rt.images().resolve("busybox");
        assertThat(rt.check(false, false, false).findings()).isEmpty();
        Path diff = rt.options().root().resolve("overlay")
                .resolve(Digest.parseOrHex(busybox.diffIds().getFirst()).hex()).resolve("diff");
        Path file = largestFile(diff);
        long size = Files.size(file);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(size / 2);
            int b = f.read();
            f.seek(size / 2);
            f.write(b ^ 0xff); // same size, one byte changed
        }
        CheckReport changed = rt.check(false, false, false);
        assertThat(kinds(changed)).containsExactly("image:none (check only)");
        assertThat(changed.findings().getFirst().problem()).contains("content is damaged", "hash to");
        assertThat(rt.check(true, false, false).findings()).as("--quick does not hash layers").isEmpty();

        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size / 3);
        }
        CheckReport truncated = rt.check(false, false, false);
        assertThat(kinds(truncated)).containsExactly("image:none (check only)");
        assertThat(truncated.findings().getFirst().problem()).contains("content is damaged",
                diff.relativize(file).toString());

        assertThat(kinds(rt.check(false, true, false))).containsExactly("image:removed");
        assertThat(rt.images().find("busybox")).isEmpty();
        assertThat(rt.check(false, false, false).findings()).isEmpty();
        keeper.start();
        assertThat(keeper.refresh().state()).isEqualTo(ContainerStatus.RUNNING);
        rt.removeContainer(keeper, true, 0);
    }

    @Test
    void aZeroedDatabasePageIsReported() throws Exception {
        rt.createContainer(ContainerConfig.builder().name("row").image("busybox").command(List.of("true")).build());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + rt.options().root().resolve("peapod.db"));
             Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        Path copy = store.dir().resolve("copy.db");
        Files.copy(rt.options().root().resolve("peapod.db"), copy);
        assertThat(SystemCheck.checkDatabase(copy)).isEmpty();
        long size = Files.size(copy);
        assertThat(size).isGreaterThan(8192);
        try (RandomAccessFile f = new RandomAccessFile(copy.toFile(), "rw")) {
            f.seek(4096);
            f.write(new byte[4096]);
        }
        assertThat(SystemCheck.checkDatabase(copy)).isNotEmpty();
        assertThat(SystemCheck.checkDatabase(store.dir().resolve("missing.db"))).containsExactly("missing");
    }
}
