package dev.peapod.core;

import dev.peapod.core.container.ExtraConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's environment as podman 4.3.1 makes it from its image's: {@code --unsetenv} takes variables out of the
 * image's, {@code --unsetenv-all} drops all of it, {@code --env-merge KEY=VALUE} replaces a variable the image has with
 * VALUE, its {@code ${VAR}}/{@code $VAR} expanded against the image's environment (a KEY the image lacks is dropped,
 * as podman's is), then the container's own entries win per key.
 */
final class EnvDefaults {
    private EnvDefaults() {
    }

    static List<String> merge(List<String> imageEnv, List<String> own, ExtraConfig extra) {
        Map<String, String> env = new LinkedHashMap<>();
        if (!extra.unsetEnvAll()) {
            for (String kv : imageEnv) {
                String key = kv.split("=", 2)[0];
                if (!extra.unsetEnv().contains(key)) {
                    env.put(key, kv);
                }
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        env.forEach((k, kv) -> values.put(k, kv.substring(Math.min(kv.length(), k.length() + 1))));
        for (String m : extra.envMerge()) {
            String key = m.substring(0, m.indexOf('='));
            if (env.containsKey(key)) {
                env.put(key, key + "=" + expand(m.substring(key.length() + 1), values));
            }
        }
        for (String kv : own) {
            env.put(kv.split("=", 2)[0], kv);
        }
        return List.copyOf(env.values());
    }

    /** {@code ${VAR}} and {@code $VAR} replaced by their values ("" for an unset one), as a shell word's are. */
    static String expand(String word, Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            char ch = word.charAt(i);
            if (ch != '$' || i + 1 == word.length()) {
                out.append(ch);
                continue;
            }
            int start;
            int end;
            int next;
            if (word.charAt(i + 1) == '{') {
                start = i + 2;
                end = word.indexOf('}', start);
                if (end < 0) {
                    out.append(word, i, word.length());
                    break;
                }
                next = end + 1;
            } else {
                start = i + 1;
                end = start;
                while (end < word.length() && (Character.isLetterOrDigit(word.charAt(end)) || word.charAt(end) == '_')) {
                    end++;
                }
                if (end == start) {
                    out.append(ch);
                    continue;
                }
                next = end;
            }
            out.append(values.getOrDefault(word.substring(start, end), ""));
            i = next - 1;
        }
        return out.toString();
    }
}
