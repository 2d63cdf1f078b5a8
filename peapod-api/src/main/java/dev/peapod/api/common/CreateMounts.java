package dev.peapod.api.common;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.api.http.ApiException;
import dev.peapod.core.volume.MountSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The mounts of a container create body as the engine's {@link MountSpec}s, parsed by core's own grammar where the
 * API carries podman's and Docker's command-line words ({@code -v}, {@code --tmpfs}).
 */
public final class CreateMounts {
    private CreateMounts() {
    }

    /**
     * Docker's: {@code HostConfig.Binds} ({@code -v} words), {@code HostConfig.Mounts} ({@code Type}, {@code Source},
     * {@code Target}, {@code ReadOnly}), {@code HostConfig.Tmpfs} (path to options) and the config's
     * {@code Volumes} (anonymous volumes at those paths, unless another mount takes the path).
     */
    public static List<MountSpec> docker(JsonNode body) {
        JsonNode host = body.path("HostConfig");
        List<MountSpec> out = new ArrayList<>();
        List<String> binds = JsonFields.strings(host.path("Binds"), "HostConfig.Binds");
        for (String b : binds == null ? List.<String>of() : binds) {
            out.add(MountSpec.parseVolume(b));
        }
        for (JsonNode m : host.path("Mounts")) {
            String type = m.path("Type").asText("volume").toLowerCase(Locale.ROOT);
            String target = m.path("Target").asText("");
            boolean ro = m.path("ReadOnly").asBoolean(false);
            switch (type) {
                case "bind" -> out.add(new MountSpec(MountSpec.Type.BIND, m.path("Source").asText(""), target,
                        ro ? List.of("ro") : List.of()));
                case "volume" -> out.add(new MountSpec(MountSpec.Type.VOLUME, m.path("Source").asText(""), target,
                        ro ? List.of("ro") : List.of()));
                case "tmpfs" -> {
                    List<String> opts = new ArrayList<>();
                    if (ro) {
                        opts.add("ro");
                    }
                    long size = m.path("TmpfsOptions").path("SizeBytes").asLong(0);
                    if (size > 0) {
                        opts.add("size=" + size);
                    }
                    out.add(MountSpec.parseTmpfs(opts.isEmpty() ? target : target + ":" + String.join(",", opts)));
                }
                default -> throw ApiException.badRequest("HostConfig.Mounts: mount type \"" + type
                        + "\" is not supported (bind, volume, tmpfs)");
            }
        }
        host.path("Tmpfs").properties().forEach(e -> {
            String opts = e.getValue().asText("");
            out.add(MountSpec.parseTmpfs(opts.isEmpty() ? e.getKey() : e.getKey() + ":" + opts));
        });
        body.path("Volumes").fieldNames().forEachRemaining(dest -> {
            MountSpec anonymous = new MountSpec(MountSpec.Type.VOLUME, "", dest, List.of());
            if (out.stream().noneMatch(m -> m.destination().equals(anonymous.destination()))) {
                out.add(anonymous);
            }
        });
        return out;
    }

    /**
     * libpod's SpecGenerator: {@code mounts} ({@code destination}, {@code type}, {@code source}, {@code options})
     * and {@code volumes} (named volumes: {@code Name}, {@code Dest}, {@code Options}).
     */
    public static List<MountSpec> libpod(JsonNode spec) {
        List<MountSpec> out = new ArrayList<>();
        for (JsonNode m : spec.path("mounts")) {
            String type = m.path("type").asText("bind").toLowerCase(Locale.ROOT);
            List<String> opts = options(m.path("options"), "mounts.options");
            switch (type) {
                case "bind" -> out.add(new MountSpec(MountSpec.Type.BIND, m.path("source").asText(""),
                        m.path("destination").asText(""), opts.stream().filter(o -> !o.equals("rbind")
                                && !o.equals("bind")).toList()));
                case "tmpfs" -> out.add(MountSpec.parseTmpfs(opts.isEmpty() ? m.path("destination").asText("")
                        : m.path("destination").asText("") + ":" + String.join(",", opts)));
                case "volume" -> out.add(new MountSpec(MountSpec.Type.VOLUME, m.path("source").asText(""),
                        m.path("destination").asText(""), opts));
                default -> throw ApiException.badRequest("mounts: mount type \"" + type
                        + "\" is not supported (bind, volume, tmpfs)");
            }
        }
        for (JsonNode v : spec.path("volumes")) {
            out.add(new MountSpec(MountSpec.Type.VOLUME, v.path("Name").asText(""), v.path("Dest").asText(""),
                    options(v.path("Options"), "volumes.Options")));
        }
        for (JsonNode v : spec.path("anonymous_volumes")) {
            out.add(new MountSpec(MountSpec.Type.VOLUME, "", v.path("Dest").asText(""),
                    options(v.path("Options"), "anonymous_volumes.Options")));
        }
        return out;
    }

    private static List<String> options(JsonNode n, String field) {
        List<String> l = JsonFields.strings(n, field);
        return l == null ? List.of() : l;
    }
}
