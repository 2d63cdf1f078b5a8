package dev.peapod.core.kube;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ConfigMaps and Secrets a play can draw on (from the YAML itself and from {@code --configmap} files), each as
 * key to value; Secret data is decoded from base64 and {@code stringData} wins over {@code data}, as the API server
 * merges them.
 */
final class KubeSources {
    private final Map<String, Map<String, String>> configMaps = new HashMap<>();
    private final Map<String, Map<String, String>> secrets = new HashMap<>();

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

    /** The Secret's decoded data, or null when there is none of that name. */
    Map<String, String> secret(String name) {
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
