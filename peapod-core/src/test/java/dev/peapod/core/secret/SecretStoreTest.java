package dev.peapod.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.AlreadyExistsException;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchObjectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file driver: podman's layout and modes, lookups by name, id and prefix, and its refusals. */
class SecretStoreTest {
    @TempDir
    Path tmp;

    @Test
    void createListGetDataRemove() throws Exception {
        SecretStore store = new SecretStore(tmp.resolve("secrets"));
        Secret s = store.create("db-pass", "pw1".getBytes(StandardCharsets.UTF_8), Map.of("k", "v"));
        assertThat(s.id()).matches("[0-9a-f]{25}");
        assertThat(s.driver()).isEqualTo("file");
        assertThat(s.path()).isEqualTo(tmp.resolve("secrets/filedriver").toString());
        assertThat(store.list()).extracting(Secret::name).containsExactly("db-pass");
        assertThat(store.get(s.id().substring(0, 6)).name()).isEqualTo("db-pass");
        assertThat(store.get("db-pass").labels()).containsEntry("k", "v");
        assertThat(new String(store.data("db-pass"), StandardCharsets.UTF_8)).isEqualTo("pw1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("secrets"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("secrets/filedriver"))))
                .isEqualTo("rwx------");
        for (String f : new String[] {"secrets/secrets.json", "secrets/filedriver/secretsdata.json"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve(f))))
                    .isEqualTo("rw-------");
        }
        assertThat(Files.readString(tmp.resolve("secrets/secrets.json"))).as("podman's keys")
                .contains("\"nameToID\"", "\"idToName\"", "\"driverOptions\"");
        assertThat(Files.readString(tmp.resolve("secrets/filedriver/secretsdata.json"))).contains("cHcx");
        assertThat(store.remove("db-pass")).isEqualTo(s.id());
        assertThat(store.list()).isEmpty();
        assertThat(Files.readString(tmp.resolve("secrets/filedriver/secretsdata.json"))).doesNotContain("cHcx");
    }

    @Test
    void refusalsSayWhatIsWrongAndChangeNothing() {
        SecretStore store = new SecretStore(tmp.resolve("secrets"));
        store.create("a", new byte[] {1}, Map.of());
        assertThatThrownBy(() -> store.create("a", new byte[] {2}, Map.of()))
                .isInstanceOf(AlreadyExistsException.class).hasMessage("a: secret name in use");
        assertThatThrownBy(() -> store.create("bad/name", new byte[] {2}, Map.of()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("invalid secret name");
        assertThatThrownBy(() -> store.create("empty", new byte[0], Map.of()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("larger than 0");
        assertThatThrownBy(() -> store.get("nope")).isInstanceOf(NoSuchObjectException.class)
                .hasMessage("no secret with name or id \"nope\": no such secret");
        assertThatThrownBy(() -> store.remove("nope")).isInstanceOf(NoSuchObjectException.class);
        assertThat(store.list()).extracting(Secret::name).containsExactly("a");
        assertThat(store.data("a")).containsExactly(1);
    }
}
