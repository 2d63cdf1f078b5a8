package dev.peapod.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.cli.Cli;
import dev.peapod.cli.format.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image commands on a real image store in a temporary root (no engine needed). */
class ImageCommandsTest {
    @TempDir
    Path tmp;
    Path rootfs;

    @BeforeEach
    void setUp() throws Exception {
        rootfs = Files.createDirectories(tmp.resolve("rootfs/bin"));
        Files.writeString(rootfs.resolve("hello"), "hello from the image\n");
        rootfs = tmp.resolve("rootfs");
    }

    private Cli.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("--root", tmp.resolve("root").toString(), "--runroot",
                tmp.resolve("run").toString()));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    private String ok(String... args) {
        Cli.Result r = run(args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r.out();
    }

    @Test
    void importListInspectRemove() throws Exception {
        String id = ok("image", "import", "--change", "CMD [\"/bin/hello\"]", "--change", "ENV A=1", "-c",
                "LABEL tier=base", "-c", "WORKDIR /srv", rootfs.toString(), "myimg").strip();
        assertThat(id).matches("[0-9a-f]{64}");
        List<String> lines = ok("images").lines().toList();
        assertThat(lines.getFirst()).startsWith("REPOSITORY").contains("TAG").contains("IMAGE ID")
                .contains("CREATED").endsWith("SIZE");
        assertThat(lines.get(1)).startsWith("localhost/myimg").contains("latest").contains(id.substring(0, 12))
                .matches(".*\\d+(\\.\\d+)? [kMG]?B$");
        assertThat(ok("image", "ls", "-q")).isEqualTo(id.substring(0, 12) + "\n");
        assertThat(ok("images", "--no-trunc", "--format", "{{.ID}}")).isEqualTo("sha256:" + id + "\n");
        assertThat(ok("images", "--format", "{{.Repository}}:{{.Tag}}", "myimg")).isEqualTo("localhost/myimg:latest\n");
        assertThat(ok("images", "-q", "nosuch")).isEmpty();
        assertThat(ok("images", "-q", "--filter", "label=tier=base")).hasLineCount(1);
        assertThat(ok("images", "-q", "--filter", "dangling=true")).isEmpty();
        JsonNode list = Json.mapper().readTree(ok("images", "--format", "json"));
        assertThat(list.get(0).get("Id").asText()).isEqualTo(id);
        assertThat(list.get(0).get("RepoTags").toString()).isEqualTo("[\"localhost/myimg:latest\"]");
        JsonNode inspect = Json.mapper().readTree(ok("image", "inspect", "myimg")).get(0);
        assertThat(inspect.get("Id").asText()).isEqualTo(id);
        assertThat(inspect.get("Config").get("Cmd").toString()).isEqualTo("[\"/bin/hello\"]");
        assertThat(inspect.get("Config").get("Env").toString()).contains("A=1");
        assertThat(inspect.get("Config").get("WorkingDir").asText()).isEqualTo("/srv");
        assertThat(inspect.get("Labels").get("tier").asText()).isEqualTo("base");
        assertThat(inspect.get("RootFS").get("Layers")).hasSize(1);
        assertThat(ok("image", "inspect", "-f", "{{.Id}} {{.Os}}", id.substring(0, 8))).isEqualTo(id + " linux\n");
        assertThat(ok("rmi", "myimg")).isEqualTo("Untagged: localhost/myimg:latest\nDeleted: " + id + "\n");
        assertThat(ok("images", "-q")).isEmpty();
    }

    @Test
    void missingImagesAndBadInput() {
        Cli.Result rmi = run("rmi", "nosuch");
        assertThat(rmi.code()).as("podman's rmi exit code for a missing image").isEqualTo(1);
        assertThat(rmi.err()).startsWith("Error: ").contains("nosuch");
        assertThat(run("rmi", "-i", "nosuch").code()).isZero();
        assertThat(run("image", "inspect", "nosuch").code()).isEqualTo(125);
        Cli.Result load = run("load", "-i", tmp.resolve("none.tar").toString());
        assertThat(load.code()).isEqualTo(125);
        assertThat(load.err()).startsWith("Error: ");
        assertThat(run("image", "import", "-c", "EXPOSE 80", rootfs.toString()).err()).contains("EXPOSE is not supported");
        assertThat(run("import", "-m", "note", rootfs.toString()).code()).as("top-level import takes -m").isZero();
        assertThat(run("images", "--filter", "dangling=maybe").err()).contains("invalid dangling filter");
    }

    @Test
    void unnamedImagesShowNone() throws Exception {
        String id = ok("image", "import", rootfs.toString()).strip();
        assertThat(ok("images", "--format", "{{.Repository}} {{.Tag}} {{.ID}}"))
                .isEqualTo("<none> <none> " + id.substring(0, 12) + "\n");
        assertThat(ok("images", "-q", "--filter", "dangling=true")).hasLineCount(1);
        assertThat(ok("rmi", "-a")).isEqualTo("Deleted: " + id + "\n");
    }

    @Test
    void referencePatterns() {
        assertThat(ImageLsCommand.matches("localhost/busybox:latest", "busybox")).isTrue();
        assertThat(ImageLsCommand.matches("localhost/busybox:latest", "busybox:latest")).isTrue();
        assertThat(ImageLsCommand.matches("localhost/busybox:latest", "localhost/busybox")).isTrue();
        assertThat(ImageLsCommand.matches("localhost/busybox:latest", "busy*")).isTrue();
        assertThat(ImageLsCommand.matches("localhost/busybox:latest", "box")).isFalse();
        assertThat(ImageLsCommand.matches("localhost/busybox:1.36", "busybox:latest")).isFalse();
    }
}
