package dev.peapod.cli;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code KEY=VALUE} flags such as {@code --label}: a key alone means an empty value; later keys win. */
public final class KeyValues {
    private KeyValues() {
    }

    /**
     * Parses {@code KEY=VALUE} items in order.
     *
     * @param what the flag's noun for messages, e.g. {@code label}
     * @throws InvalidArgumentException quoting an item whose key is empty
     */
    public static Map<String, String> parse(List<String> items, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String item : items) {
            int eq = item.indexOf('=');
            String key = eq < 0 ? item : item.substring(0, eq);
            if (key.isBlank()) {
                throw new InvalidArgumentException("invalid " + what + " \"" + item + "\": expected KEY=VALUE "
                        + "with a non-empty KEY");
            }
            out.put(key, eq < 0 ? "" : item.substring(eq + 1));
        }
        return out;
    }
}
