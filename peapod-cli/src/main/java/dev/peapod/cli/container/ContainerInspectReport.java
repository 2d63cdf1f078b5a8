package dev.peapod.cli.container;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.peapod.core.Container;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.define.ContainerStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One container as {@code container inspect} prints it: podman's field names for what peapod knows.
 *
 * @param id           full id
 * @param created      creation time
 * @param path         the program it runs
 * @param args         its arguments
 * @param state        the run state
 * @param image        the image id
 * @param imageName    the image reference
 * @param pod          the pod's id, "" if none
 * @param name         its name
 * @param restartCount restarts so far
 * @param isInfra      whether it is a pod's infra container
 * @param dependencies ids of containers it needs running first
 * @param namespace    libpod namespace
 * @param config       its configuration
 * @param hostConfig   its host-side configuration
 */
public record ContainerInspectReport(String id, Instant created, String path, List<String> args, State state,
                                     String image, String imageName, String pod, String name, int restartCount,
                                     boolean isInfra, List<String> dependencies, String namespace, Config config,
                                     HostConfig hostConfig) {

    /** The run state, as podman's {@code State} object. */
    public record State(String status, boolean running, boolean paused, boolean restarting,
                        @JsonProperty("OOMKilled") boolean oomKilled, boolean dead, long pid, long conmonPid,
                        int exitCode, String error, Instant startedAt, Instant finishedAt) {
    }

    /** The configuration, as podman's {@code Config} object. */
    public record Config(String hostname, List<String> env, List<String> cmd, List<String> entrypoint,
                         String workingDir, String user, Map<String, String> labels, String stopSignal,
                         int stopTimeout, List<String> createCommand) {
    }

    /** Host-side configuration, as podman's {@code HostConfig}. */
    public record HostConfig(String cgroupParent, boolean autoRemove, Map<String, String> namespaceJoins) {
    }

    static ContainerInspectReport of(Container c) {
        ContainerConfig cfg = c.config();
        ContainerState s = c.refresh();
        List<String> all = cfg.args();
        State state = new State(s.state().displayName(), s.state() == ContainerStatus.RUNNING,
                s.state() == ContainerStatus.PAUSED, false, s.oomKilled(), false, s.pid(), s.conmonPid(), s.exitCode(),
                s.error() == null ? "" : s.error(), s.startedAt(), s.finishedAt());
        Config config = new Config(cfg.hostname(), cfg.env(), cfg.command(), cfg.entrypoint(), cfg.workingDir(),
                cfg.user(), cfg.labels(), "SIG" + new dev.peapod.core.define.Signal(cfg.stopSignal()).name(),
                cfg.stopTimeout(), cfg.createCommand());
        return new ContainerInspectReport(cfg.id(), cfg.created(), all.isEmpty() ? "" : all.getFirst(),
                all.size() > 1 ? all.subList(1, all.size()) : List.of(), state, cfg.imageId() == null ? ""
                : cfg.imageId(), cfg.image(), cfg.podId() == null ? "" : cfg.podId(), cfg.name(),
                s.restartCount(), cfg.infra(), cfg.dependencies(), cfg.namespace(), config,
                new HostConfig(cfg.cgroupParent(), cfg.autoRemove(), cfg.namespaceJoins()));
    }
}
