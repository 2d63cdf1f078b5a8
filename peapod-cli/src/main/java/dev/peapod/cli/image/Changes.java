package dev.peapod.cli.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.peapod.cli.format.Json;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.image.ImageConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code import --change}: Dockerfile instructions applied to the imported image's configuration. */
final class Changes {
    private Changes() {
    }

    /**
     * The configuration the instructions describe: CMD, ENTRYPOINT (JSON array or shell form), ENV, WORKDIR,
     * USER, LABEL, STOPSIGNAL.
     *
     * @throws InvalidArgumentException quoting an instruction that is malformed or not supported
     */
    static ImageConfig apply(List<String> changes) {
        return apply(ImageConfig.empty(), changes);
    }

    /** {@link #apply(List)} over {@code base}: ENV replaces a variable of the same name, the others replace values. */
    static ImageConfig apply(ImageConfig base, List<String> changes) {
        List<String> env = new ArrayList<>(base.env());
        List<String> entrypoint = base.entrypoint();
        List<String> cmd = base.cmd();
        String workdir = base.workingDir();
        String user = base.user();
        Map<String, String> labels = new LinkedHashMap<>(base.labels());
        String stopSignal = base.stopSignal();
        for (String change : changes) {
            String c = change.strip();
            int sp = c.indexOf(' ');
            int eq = c.indexOf('=');
            int cut = sp < 0 ? eq : eq < 0 ? sp : Math.min(sp, eq);
            if (cut <= 0) {
                throw new InvalidArgumentException("invalid change \"" + change + "\": use INSTRUCTION VALUE, e.g. "
                        + "CMD [\"sh\"]");
            }
            String what = c.substring(0, cut).toUpperCase(Locale.ROOT);
            String value = c.substring(cut + 1).strip();
            switch (what) {
                case "CMD" -> cmd = command(value);
                case "ENTRYPOINT" -> entrypoint = command(value);
                case "ENV" -> {
                    String kv = keyValue(value, change);
                    String key = kv.substring(0, kv.indexOf('=') + 1);
                    env.removeIf(e -> e.startsWith(key));
                    env.add(kv);
                }
                case "WORKDIR" -> workdir = value;
                case "USER" -> user = value;
                case "LABEL" -> {
                    String kv = keyValue(value, change);
                    labels.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
                case "STOPSIGNAL" -> stopSignal = value;
                default -> throw new InvalidArgumentException("change \"" + change + "\": " + what
                        + " is not supported; use CMD, ENTRYPOINT, ENV, WORKDIR, USER, LABEL or STOPSIGNAL");
            }
        }
        return new ImageConfig(env, entrypoint, cmd, workdir, user, labels, stopSignal);
    }

    /** A JSON array as it is; anything else as {@code /bin/sh -c VALUE}, as Docker's shell form. */
    private static List<String> command(String value) {
        if (value.startsWith("[")) {
            try {
                return Json.mapper().readValue(value, new TypeReference<List<String>>() { });
            } catch (JsonProcessingException e) {
                throw new InvalidArgumentException("invalid JSON array " + value + ": " + e.getOriginalMessage());
            }
        }
        return List.of("/bin/sh", "-c", value);
    }

    /** {@code KEY=VALUE} or {@code KEY VALUE}, quotes around the value removed. */
    private static String keyValue(String value, String change) {
        int eq = value.indexOf('=');
        int sp = value.indexOf(' ');
        int cut = eq < 0 ? sp : sp < 0 ? eq : Math.min(eq, sp);
        if (cut <= 0) {
            throw new InvalidArgumentException("invalid change \"" + change + "\": use KEY=VALUE");
        }
        String v = value.substring(cut + 1).strip();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return value.substring(0, cut) + "=" + v;
    }
}
