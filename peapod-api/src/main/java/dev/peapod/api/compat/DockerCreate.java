package dev.peapod.api.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.api.common.CreateMounts;
import dev.peapod.api.common.JsonFields;
import dev.peapod.api.http.ApiException;
import dev.peapod.core.Runtime;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.define.Signal;
import java.util.List;
import java.util.Map;

/** Turns Docker's container create body into the engine's container config. */
public final class DockerCreate {
    private DockerCreate() {
    }

    static ContainerConfig config(Runtime rt, JsonNode body, String name) {
        if (!body.isObject()) {
            throw ApiException.badRequest("container create needs a JSON object body");
        }
        String image = text(body, "Image");
        if (image == null || image.isEmpty()) {
            throw ApiException.badRequest("config.Image must be given: which image to create the container from");
        }
        ContainerConfig.Builder b = ContainerConfig.builder().image(image);
        if (name != null && !name.isEmpty()) {
            b.name(name.startsWith("/") ? name.substring(1) : name);
        }
        List<String> cmd = strings(body.path("Cmd"), "Cmd");
        if (cmd != null) {
            b.command(cmd);
        }
        List<String> ep = strings(body.path("Entrypoint"), "Entrypoint");
        if (ep != null && !ep.isEmpty()) {
            b.entrypoint(ep);
        }
        List<String> env = strings(body.path("Env"), "Env");
        if (env != null) {
            b.env(env);
        }
        if (text(body, "WorkingDir") != null) {
            b.workingDir(text(body, "WorkingDir"));
        }
        if (text(body, "User") != null) {
            b.user(text(body, "User"));
        }
        if (text(body, "Hostname") != null) {
            b.hostname(text(body, "Hostname"));
        }
        String stopSignal = text(body, "StopSignal");
        if (stopSignal != null && !stopSignal.isEmpty()) {
            b.stopSignal(Signal.parse(stopSignal).number());
        }
        b.stopTimeout(body.path("StopTimeout").isInt() ? body.path("StopTimeout").asInt() : 10);
        b.labels(labels(body.path("Labels")));
        b.terminal(body.path("Tty").asBoolean(false)).stdin(body.path("OpenStdin").asBoolean(false));
        b.mounts(CreateMounts.docker(body));
        JsonNode host = body.path("HostConfig");
        b.autoRemove(host.path("AutoRemove").asBoolean(false));
        if (text(host, "CgroupParent") != null && !text(host, "CgroupParent").isEmpty()) {
            b.cgroupParent(text(host, "CgroupParent"));
        }
        return b.build();
    }

    public static String text(JsonNode n, String field) {
        return JsonFields.text(n, field);
    }

    /** A list of strings, or Docker's single string form; null when absent. */
    public static List<String> strings(JsonNode v, String field) {
        return JsonFields.strings(v, field);
    }

    public static Map<String, String> labels(JsonNode v) {
        return JsonFields.labels(v);
    }
}
