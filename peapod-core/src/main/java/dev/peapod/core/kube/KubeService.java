package dev.peapod.core.kube;

import dev.peapod.core.container.HealthConfig;
import dev.peapod.core.container.ServiceConfig;
import dev.peapod.core.define.InvalidArgumentException;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A pod's {@code restartPolicy} and a container's {@code livenessProbe} as the container's {@link ServiceConfig}
 * (core's restart policies and healthchecks carry them out), and back, as podman 4.3 maps them:
 * <ul>
 * <li>{@code Always} is {@code always}, {@code OnFailure} {@code on-failure}, {@code Never} {@code no}; a pod that
 *     names none gets {@code always}, podman's default for {@code kube play}. Init containers get no policy: they
 *     run to completion.</li>
 * <li>an {@code exec} probe runs its command as given (podman 4.3 joins it into a shell line, which loses its
 *     quoting), {@code httpGet} runs {@code curl -f SCHEME://HOST:PORT/PATH || exit 1} and {@code tcpSocket}
 *     {@code nc -z -v HOST PORT || exit 1} through the shell (HOST {@code localhost} unless given: the check runs
 *     inside the pod; podman 4.3 leaves it empty for tcpSocket); {@code periodSeconds} is the interval (10 when unset),
 *     {@code timeoutSeconds} the timeout (1), {@code failureThreshold} the retries (3), {@code initialDelaySeconds}
 *     the start period; with policy {@code always} or {@code on-failure} an unhealthy container is restarted.</li>
 * </ul>
 * {@code generate kube} writes the policy back ({@code Never} for none) and, where podman 4.3 writes nothing, an
 * {@code exec} probe for the healthcheck so that playing the YAML again gives the same check.
 */
final class KubeService {
    private KubeService() {
    }

    /**
     * The core policy for a pod spec's {@code restartPolicy}.
     *
     * @throws InvalidArgumentException for a value Kubernetes does not define
     */
    static String restartPolicy(String kube) {
        return switch (Objects.requireNonNullElse(kube, "")) {
            case "", "Always" -> "always";
            case "OnFailure" -> "on-failure";
            case "Never" -> "no";
            default -> throw new InvalidArgumentException("unknown restart policy \"" + kube
                    + "\": use Always, OnFailure or Never");
        };
    }

    /** The pod spec's {@code restartPolicy} for a container's core policy. */
    static String kubeRestartPolicy(String policy) {
        return switch (policy) {
            case "always", "unless-stopped" -> "Always";
            case "on-failure" -> "OnFailure";
            default -> "Never";
        };
    }

    /**
     * The healthcheck a liveness probe asks for, or null when there is none.
     *
     * @param policy the container's core restart policy (an unhealthy container restarts under always/on-failure)
     * @throws InvalidArgumentException for a probe without a handler, a named port that is not declared, or a time
     *                                  out of range; the caller adds where it is
     */
    static HealthConfig liveness(Probe probe, List<ContainerPort> ports, String policy) {
        if (probe == null) {
            return null;
        }
        List<String> test;
        if (probe.getExec() != null) {
            List<String> argv = Objects.requireNonNullElse(probe.getExec().getCommand(), List.of());
            if (argv.isEmpty()) {
                throw new InvalidArgumentException("exec.command: required");
            }
            test = new ArrayList<>(List.of("CMD"));
            test.addAll(argv);
        } else if (probe.getHttpGet() != null) {
            var h = probe.getHttpGet();
            String scheme = h.getScheme() == null || h.getScheme().isEmpty() ? "HTTP" : h.getScheme();
            String path = h.getPath() == null || h.getPath().isEmpty() ? "/" : h.getPath();
            test = List.of("CMD-SHELL", "curl -f " + scheme + "://" + host(h.getHost()) + ":" + port(h.getPort(), ports)
                    + path + " || exit 1");
        } else if (probe.getTcpSocket() != null) {
            var t = probe.getTcpSocket();
            test = List.of("CMD-SHELL", "nc -z -v " + host(t.getHost()) + " " + port(t.getPort(), ports) + " || exit 1");
        } else {
            throw new InvalidArgumentException("a probe needs exec, httpGet or tcpSocket");
        }
        boolean restart = policy.equals("always") || policy.equals("on-failure");
        return new HealthConfig(test, seconds(probe.getPeriodSeconds(), 10),
                seconds(probe.getTimeoutSeconds(), 1), Duration.ofSeconds(Math.max(0,
                Objects.requireNonNullElse(probe.getInitialDelaySeconds(), 0))),
                positive(probe.getFailureThreshold(), 3), restart ? "restart" : "none");
    }

    /** The exec probe that gives {@code h} back when played, or null for none (or a disabled check). */
    static Probe probe(HealthConfig h) {
        if (h == null || h.disabled()) {
            return null;
        }
        Probe p = new Probe();
        List<String> argv = new ArrayList<>();
        if (h.test().getFirst().equals("CMD")) {
            argv.addAll(h.test().subList(1, h.test().size()));
        } else {
            argv.addAll(List.of("/bin/sh", "-c", h.test().get(1)));
        }
        p.setExec(new ExecAction(argv));
        p.setPeriodSeconds((int) Math.max(1, h.interval().toSeconds()));
        p.setTimeoutSeconds((int) Math.max(1, h.timeout().toSeconds()));
        p.setFailureThreshold(h.retries());
        if (!h.startPeriod().isZero()) {
            p.setInitialDelaySeconds((int) h.startPeriod().toSeconds());
        }
        return p;
    }

    private static String host(String h) {
        return h == null || h.isEmpty() ? "localhost" : h;
    }

    private static int port(IntOrString port, List<ContainerPort> ports) {
        if (port == null) {
            throw new InvalidArgumentException("port: required");
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        String name = port.getStrVal();
        for (ContainerPort cp : Objects.requireNonNullElse(ports, List.<ContainerPort>of())) {
            if (name.equals(cp.getName()) && cp.getContainerPort() != null) {
                return cp.getContainerPort();
            }
        }
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("unknown port: " + name);
        }
    }

    private static Duration seconds(Integer v, int dflt) {
        return Duration.ofSeconds(v == null || v < 1 ? dflt : v);
    }

    private static int positive(Integer v, int dflt) {
        return v == null || v < 1 ? dflt : v;
    }
}
