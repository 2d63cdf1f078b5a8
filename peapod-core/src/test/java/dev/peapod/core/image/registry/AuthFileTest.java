package dev.peapod.core.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.image.registry.RegistryOptions.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthFileTest {
    @TempDir
    Path dir;

    @Test
    void writesPodmansFormatKeepsOtherKeysAndRemoves() throws Exception {
        Path f = dir.resolve("sub/auth.json");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "{\"auths\":{\"quay.io\":{\"auth\":\"dTpw\"}},\"credHelpers\":{\"x\":\"y\"}}");
        AuthFile a = new AuthFile(f);
        a.put("127.0.0.1:5000", new Credentials("alice", "s3:cret"));
        JsonNode n = new ObjectMapper().readTree(f.toFile());
        assertThat(n.path("auths").path("127.0.0.1:5000").path("auth").asText()).isEqualTo("YWxpY2U6czM6Y3JldA==");
        assertThat(n.path("credHelpers").path("x").asText()).isEqualTo("y");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThat(a.get("127.0.0.1:5000")).contains(new Credentials("alice", "s3:cret"));
        assertThat(a.get("quay.io")).contains(new Credentials("u", "p"));
        assertThat(a.remove("127.0.0.1:5000")).isTrue();
        assertThat(a.remove("127.0.0.1:5000")).isFalse();
        assertThat(a.get("127.0.0.1:5000")).isEmpty();
        a.removeAll();
        assertThat(a.get("quay.io")).isEmpty();
    }

    @Test
    void readsDockerStyleKeys() throws Exception {
        Path f = dir.resolve("auth.json");
        Files.writeString(f, "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"dTpw\"},"
                + "\"https://reg.example:5000\":{\"auth\":\"YTpi\"}}}");
        AuthFile a = new AuthFile(f);
        assertThat(a.get("docker.io")).contains(new Credentials("u", "p"));
        assertThat(a.get("reg.example:5000")).contains(new Credentials("a", "b"));
    }

    @Test
    void missingFileHasNothingAndBadEntriesSayWhatToDo() throws Exception {
        assertThat(new AuthFile(dir.resolve("none.json")).get("x")).isEmpty();
        Path f = dir.resolve("auth.json");
        Files.writeString(f, "{\"auths\":{\"r\":{\"auth\":\"!!!\"}}}");
        assertThatThrownBy(() -> new AuthFile(f).get("r")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("log in again");
        Files.writeString(f, "[1]");
        assertThatThrownBy(() -> new AuthFile(f).get("r")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void credentialsParseUserAndPassword() {
        assertThat(Credentials.parse("u:p:q")).isEqualTo(new Credentials("u", "p:q"));
        assertThat(Credentials.parse("u")).isEqualTo(new Credentials("u", ""));
        assertThatThrownBy(() -> Credentials.parse(":p")).isInstanceOf(InvalidArgumentException.class);
        assertThat(Credentials.parse("u:secret").toString()).doesNotContain("secret");
    }
}
