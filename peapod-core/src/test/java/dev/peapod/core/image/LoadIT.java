package dev.peapod.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.sys.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads archives written by a real tool (skopeo) from an image built in code, then mounts them. */
class LoadIT {
    @TempDir
    Path tmp;
    ImageStore store;
    ContainerStorage storage;
    final List<String> containers = new ArrayList<>();
    static final byte[] BASE = new TarBuilder().dir("etc", 0755).file("etc/os-release", "ID=peapod-test\n")
            .dir("bin", 0755).file("bin/tool", "#!/bin/sh\n", 0755, 0, 0).dir("var/cache", 0755).file("var/cache/a", "a")
            .build();
    static final byte[] TOP = new TarBuilder().dir("etc", 0755).file("etc/.wh.os-release", "")
            .dir("var/cache", 0755).file("var/cache/.wh..wh..opq", "").file("var/cache/b", "b").build();

    @BeforeEach
    void setUp() {
        store = ImageStore.open(tmp.resolve("storage"));
        storage = new ContainerStorage(tmp.resolve("storage"), store);
    }

    @AfterEach
    void tearDown() {
        containers.forEach(storage::remove);
        store.close();
        dev.peapod.core.testing.TestDirs.emptyDir(tmp);
    }

    private Path skopeo(Path source, String dest, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "-q"));
        cmd.addAll(List.of(extra));
        cmd.add("oci-archive:" + source);
        cmd.add(dest);
        ProcessRunner.system().run(cmd, Duration.ofMinutes(2)).requireSuccess("skopeo copy to " + dest);
        return Path.of(dest.split(":")[1]);
    }

    private void assertMountsAsExpected(Image img) throws IOException {
        String c = dev.peapod.core.define.Ids.newId();
        containers.add(c);
        Path merged = storage.mount(c, img.id());
        assertThat(merged.resolve("bin/tool")).hasContent("#!/bin/sh\n");
        assertThat(merged.resolve("etc/os-release")).doesNotExist();
        assertThat(merged.resolve("var/cache/a")).doesNotExist();
        assertThat(merged.resolve("var/cache/b")).hasContent("b");
    }

    @Test
    void dockerArchiveAndOciArchiveFromSkopeoRoundTrip() throws IOException {
        Path source = new ArchiveBuilder().layer(BASE).layer(TOP).cmd("/bin/tool", "run")
                .writeOci(tmp.resolve("source.tar"), "source:1");
        List<String> diffIds = List.of(Digest.sha256(BASE).toString(), Digest.sha256(TOP).toString());

        Path docker = skopeo(source, "docker-archive:" + tmp.resolve("docker.tar") + ":busybox:latest");
        Image fromDocker = store.load(docker).getFirst();
        assertThat(fromDocker.names()).containsExactly("docker.io/library/busybox:latest");
        assertThat(fromDocker.diffIds()).isEqualTo(diffIds);
        assertThat(fromDocker.config().cmd()).containsExactly("/bin/tool", "run");
        assertThat(fromDocker.config().workingDir()).isEqualTo("/work");
        assertMountsAsExpected(fromDocker);

        Path oci = skopeo(source, "oci-archive:" + tmp.resolve("oci.tar") + ":localhost/foo:1");
        Image fromOci = store.load(oci).getFirst();
        assertThat(fromOci.id()).as("skopeo writes the same config to both formats").isEqualTo(fromDocker.id());
        assertThat(fromOci.names()).containsExactly("docker.io/library/busybox:latest", "localhost/foo:1");
        assertThat(fromOci.diffIds()).isEqualTo(diffIds);
        assertThat(fromOci.config().cmd()).containsExactly("/bin/tool", "run");
        assertMountsAsExpected(fromOci);

        Path zstd = skopeo(source, "oci-archive:" + tmp.resolve("zstd.tar") + ":zstd:1", "--dest-compress",
                "--dest-compress-format", "zstd");
        Image fromZstd = store.load(zstd).getFirst();
        assertThat(fromZstd.diffIds()).isEqualTo(diffIds);
        assertThat(fromZstd.names()).contains("localhost/zstd:1");
        assertThat(store.list()).hasSize(1);
        assertMountsAsExpected(fromZstd);

        try (var s = Files.list(tmp.resolve("storage/overlay"))) {
            assertThat(s.filter(p -> p.getFileName().toString().length() == 64).count()).as("layers stored once")
                    .isEqualTo(2);
        }
    }
}
