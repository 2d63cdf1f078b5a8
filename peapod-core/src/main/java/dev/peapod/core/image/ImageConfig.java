package dev.peapod.core.image;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parts of an OCI image configuration ({@code config} object of the image config blob) that the engine uses to
 * build a container. Lists and maps are never null (empty when the image does not set them); strings are "" when unset.
 */
public record ImageConfig(List<String> env, List<String> entrypoint, List<String> cmd, String workingDir, String user,
        Map<String, String> labels, String stopSignal) {

    public ImageConfig {
        env = env == null ? List.of() : List.copyOf(env);
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        workingDir = Objects.requireNonNullElse(workingDir, "");
        user = Objects.requireNonNullElse(user, "");
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        stopSignal = Objects.requireNonNullElse(stopSignal, "");
    }

    /** A configuration that sets nothing. */
    public static ImageConfig empty() {
        return new ImageConfig(null, null, null, null, null, null, null);
    }
}
