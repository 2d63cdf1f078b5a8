package dev.peapod.cli.container;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.peapod.core.Container;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.container.SecurityConfig;
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
 * @param effectiveCaps the capabilities its process has, sorted, as podman's {@code EffectiveCaps}
 * @param boundingCaps  its bounding set, as podman's {@code BoundingCaps}
 * @param seccompProfilePath the seccomp profile in effect: a file, "builtin", or "" when unconfined (peapod's own key)
 * @param hostConfig   its host-side configuration
 */
public record ContainerInspectReport(String id, Instant created, String path, List<String> args, State state,
                                     String image, String imageName, String pod, String name, int restartCount,
                                     @JsonProperty("EffectiveCaps") List<String> effectiveCaps,
                                     @JsonProperty("BoundingCaps") List<String> boundingCaps,
                                     @JsonProperty("SeccompProfilePath") String seccompProfilePath,
                                     boolean isInfra, List<String> dependencies, String namespace, Config config,
                                     HostConfig hostConfig) {

    /** The run state, as podman's {@code State} object. */
    public record State(String status, boolean running, boolean paused, boolean restarting,
                        @JsonProperty("OOMKilled") boolean oomKilled, boolean dead, long pid, long conmonPid,
                        int exitCode, String error, Instant startedAt, Instant finishedAt,
                        @com.fasterxml.jackson.annotation.JsonInclude(
                                com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                        dev.peapod.core.HealthState health) {
    }

    /** The configuration, as podman's {@code Config} object. */
    public record Config(String hostname, List<String> env, List<String> cmd, List<String> entrypoint,
                         String workingDir, String user, Map<String, String> labels, String stopSignal,
                         int stopTimeout, List<String> createCommand,
                         @com.fasterxml.jackson.annotation.JsonInclude(
                                 com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                         Map<String, Object> healthcheck) {
    }

    /** podman's {@code HostConfig.RestartPolicy}. */
    public record RestartPolicy(String name, int maximumRetryCount) {
    }

    /** podman's {@code Config.Healthcheck}: Test, then the times in nanoseconds and Retries; null without one. */
    private static Map<String, Object> healthcheck(ContainerConfig cfg) {
        dev.peapod.core.container.HealthConfig h = cfg.service().health();
        if (h == null) {
            return null;
        }
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("Test", h.test());
        if (!h.startPeriod().isZero()) {
            m.put("StartPeriod", h.startPeriod().toNanos());
        }
        if (!h.interval().isZero()) {
            m.put("Interval", h.interval().toNanos());
        }
        m.put("Timeout", h.timeout().toNanos());
        m.put("Retries", h.retries());
        return m;
    }

    /**
     * Host-side configuration, as podman's {@code HostConfig}; {@code CapAdd}/{@code CapDrop} are relative to the
     * Docker-compatible default set, as podman reports them.
     */
    public record HostConfig(String cgroupParent, boolean autoRemove, Map<String, String> namespaceJoins,
                             @JsonProperty("CapAdd") List<String> capAdd,
                             @JsonProperty("CapDrop") List<String> capDrop, boolean privileged,
                             @JsonProperty("SecurityOpt") List<String> securityOpt, RestartPolicy restartPolicy) {
    }

    /** The set podman's CapAdd/CapDrop are reported against (Docker's default capabilities). */
    private static final List<String> COMPAT_CAPS = List.of("CAP_AUDIT_WRITE", "CAP_CHOWN", "CAP_DAC_OVERRIDE",
            "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_MKNOD", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW",
            "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT");

    private static HostConfig hostConfig(ContainerConfig cfg, List<String> caps) {
        SecurityConfig sec = cfg.security();
        List<String> opts = new java.util.ArrayList<>();
        if (!sec.seccompProfile().isEmpty()) {
            opts.add("seccomp=" + sec.seccompProfile());
        }
        if (sec.noNewPrivileges()) {
            opts.add("no-new-privileges");
        }
        opts.addAll(sec.labelOptions());
        List<String> add = caps.stream().filter(c -> !COMPAT_CAPS.contains(c)).sorted().toList();
        List<String> drop = COMPAT_CAPS.stream().filter(c -> !caps.contains(c)).sorted().toList();
        return new HostConfig(cfg.cgroupParent(), cfg.autoRemove(), cfg.namespaceJoins(), sec.privileged() ? List.of()
                : add, sec.privileged() ? List.of() : drop, sec.privileged(), opts,
                new RestartPolicy(cfg.service().restartPolicy(), cfg.service().restartRetries()));
    }

    static ContainerInspectReport of(Container c) {
        ContainerConfig cfg = c.config();
        ContainerState s = c.refresh();
        List<String> all = cfg.args();
        State state = new State(s.state().displayName(), s.state() == ContainerStatus.RUNNING,
                s.state() == ContainerStatus.PAUSED, false, s.oomKilled(), false, s.pid(), s.conmonPid(), s.exitCode(),
                s.error() == null ? "" : s.error(), s.startedAt(), s.finishedAt(),
                dev.peapod.core.Healthchecks.state(c).orElse(null));
        Config config = new Config(cfg.hostname(), cfg.env(), cfg.command(), cfg.entrypoint(), cfg.workingDir(),
                cfg.user(), cfg.labels(), "SIG" + new dev.peapod.core.define.Signal(cfg.stopSignal()).name(),
                cfg.stopTimeout(), cfg.createCommand(), healthcheck(cfg));
        List<String> caps = c.effectiveCapabilities().stream().sorted().toList();
        return new ContainerInspectReport(cfg.id(), cfg.created(), all.isEmpty() ? "" : all.getFirst(),
                all.size() > 1 ? all.subList(1, all.size()) : List.of(), state, cfg.imageId() == null ? ""
                : cfg.imageId(), cfg.image(), cfg.podId() == null ? "" : cfg.podId(), cfg.name(),
                s.restartCount(), caps, caps, c.seccompProfilePath(), cfg.infra(), cfg.dependencies(),
                cfg.namespace(), config, hostConfig(cfg, caps));
    }
}
