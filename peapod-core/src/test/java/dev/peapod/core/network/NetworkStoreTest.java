package dev.peapod.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.AlreadyExistsException;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchObjectException;
import dev.peapod.core.lock.LocalLockManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkStoreTest {
    @TempDir
    Path tmp;

    @Test
    void createsListsFindsAndRemovesNetworksInPodmansFormat() throws Exception {
        NetworkStore store = new NetworkStore(tmp.resolve("networks"), new LocalLockManager());
        Network n = store.create(new NetworkStore.CreateRequest("blue", "10.201.7.0/24", "10.201.7.254", null, true,
                false, Map.of("team", "a")));
        assertThat(n.networkInterface()).startsWith("pp-").hasSizeLessThanOrEqualTo(15);
        String json = Files.readString(tmp.resolve("networks/blue.json"));
        assertThat(json).contains("\"network_interface\" : \"" + n.networkInterface() + "\"",
                "\"subnet\" : \"10.201.7.0/24\"", "\"gateway\" : \"10.201.7.254\"", "\"internal\" : true",
                "\"dns_enabled\" : false", "\"team\" : \"a\"", "\"driver\" : \"host-local\"");
        assertThat(store.get("blue")).isEqualTo(n);
        assertThat(store.get(n.id().substring(0, 10))).isEqualTo(n);
        assertThat(store.list()).extracting(Network::name).containsExactly("blue", "peapod");

        Network auto = store.create(new NetworkStore.CreateRequest(null, null, null, null, false, null, null));
        assertThat(auto.name()).isEqualTo("peapod1");
        assertThat(auto.subnet().overlaps(Network.defaultNetwork().subnet())).isFalse();
        assertThat(auto.dnsEnabled()).isTrue();

        assertThatThrownBy(() -> store.create(new NetworkStore.CreateRequest("blue", null, null, null, false, null,
                null))).isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> store.create(new NetworkStore.CreateRequest("green", "10.201.0.0/16", null, null,
                false, null, null))).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("overlaps");
        assertThatThrownBy(() -> store.create(new NetworkStore.CreateRequest("bad name", null, null, null,
                false, null, null))).isInstanceOf(InvalidArgumentException.class);
        store.remove("blue");
        assertThatThrownBy(() -> store.get("blue")).isInstanceOf(NoSuchObjectException.class);
        assertThatThrownBy(() -> store.remove("blue")).isInstanceOf(NoSuchObjectException.class);
        assertThatThrownBy(() -> store.remove("peapod")).isInstanceOf(InvalidArgumentException.class);
    }
}
