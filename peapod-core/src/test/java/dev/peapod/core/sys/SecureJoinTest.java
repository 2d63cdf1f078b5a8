package dev.peapod.core.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureJoinTest {
    @TempDir
    Path tmp;

    @Test
    void symlinksAndDotDotStayInsideTheRoot() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("tmp"));
        Files.createSymbolicLink(root.resolve("tmp/evil"), Path.of("/"));
        Files.createSymbolicLink(root.resolve("etc/x"), Path.of("../../../../host"));
        Files.createSymbolicLink(root.resolve("rel"), Path.of("etc"));
        assertThat(SecureJoin.resolve(root, "/tmp/evil/etc/passwd")).isEqualTo(root.resolve("etc/passwd"));
        assertThat(SecureJoin.resolve(root, "/etc/x")).isEqualTo(root.resolve("host"));
        assertThat(SecureJoin.resolve(root, "../../../etc")).isEqualTo(root.resolve("etc"));
        assertThat(SecureJoin.resolve(root, "/rel/a")).isEqualTo(root.resolve("etc/a"));
        assertThat(SecureJoin.resolve(root, "/tmp/evil", false)).isEqualTo(root.resolve("tmp/evil"));
        assertThat(SecureJoin.resolve(root, "/")).isEqualTo(root);
    }

    @Test
    void aLoopIsAnError() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(root.resolve("b"), Path.of("a"));
        assertThatThrownBy(() -> SecureJoin.resolve(root, "/a/x")).hasMessageContaining("too many levels");
    }
}
