package dev.peapod.core.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.core.secret.SecretStore;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ConfigMaps and Secrets a play can draw on (from the YAML itself, from {@code --configmap} files and, for
 * Secrets, from the store's {@code peapod secret}s), each as
 * key to value; Secret data is decoded from base64 and {@code stringData} wins over {@code data}, as the API server
 * merges them.
 */
final class KubeSources {
    private final Map<String, Map<String, String>> configMaps = new HashMap<>();
    private final Map<String, Map<String, String>> secrets = new HashMap<>();
    private SecretStore store;

    void addConfigMap(String name, Map<String, String> data, Map<String, String> binaryData) {
        Map<String, String> all = new LinkedHashMap<>();
        if (data != null) {
            all.putAll(data);
        }
        if (binaryData != null) {
            binaryData.forEach((k, v) -> all.put(k, decode(v)));
        }
        configMaps.put(name, all);
    }

    void addSecret(String name, Map<String, String> data, Map<String, String> stringData) {
        Map<String, String> all = new LinkedHashMap<>();
        if (data != null) {
            data.forEach((k, v) -> all.put(k, decode(v)));
        }
        if (stringData != null) {
            all.putAll(stringData);
        }
        secrets.put(name, all);
    }

    /** The ConfigMap's data, or null when there is none of that name. */
    Map<String, String> configMap(String name) {
        return configMaps.get(name);
    }

    /**
     * Where Secrets the YAML does not hold are looked up, by name ({@code peapod secret create}), as podman's
     * {@code kube play} does: the secret's data is a JSON object of key to base64 value, or a Kubernetes Secret in
     * YAML or JSON.
     */
    void useStore(SecretStore store) {
        this.store = store;
    }

    /**
     * The Secret's decoded data, or null when there is none of that name in the YAML or the secret store.
     *
     * @throws dev.peapod.core.define.InvalidArgumentException if a stored secret is neither form
     */
    Map<String, String> secret(String name) {
        Map<String, String> s = secrets.get(name);
        if (s != null || store == null || name == null || !store.exists(name)) {
            return s;
        }
        JsonNode n;
        try {
            n = KubeYaml.MAPPER.readTree(store.data(name));
        } catch (java.io.IOException e) {
            n = null;
        }
        if (n == null || !n.isObject()) {
            throw new dev.peapod.core.define.InvalidArgumentException("secret " + name + " is not valid JSON/YAML: "
                    + "kube play needs a JSON object of base64 values or a Kubernetes Secret");
        }
        Map<String, String> data = new LinkedHashMap<>();
        Map<String, String> stringData = new LinkedHashMap<>();
        if (n.has("data") || n.has("stringData") || n.has("kind")) {
            n.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
            n.path("stringData").fields().forEachRemaining(e -> stringData.put(e.getKey(), e.getValue().asText()));
        } else {
            n.fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
        }
        addSecret(name, data, stringData);
        return secrets.get(name);
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new dev.peapod.core.define.InvalidArgumentException("secret data is not base64: " + e.getMessage());
        }
    }
}
