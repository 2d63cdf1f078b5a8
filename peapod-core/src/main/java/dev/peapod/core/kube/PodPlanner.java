package dev.peapod.core.kube;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.HostConfig;
import dev.peapod.core.container.KubeSettings;
import dev.peapod.core.container.SecurityConfig;
import dev.peapod.core.container.ServiceConfig;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.network.PodNetworkConfig;
import dev.peapod.core.network.PortMapping;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.volume.MountSpec;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Turns one pod spec (a Pod's, or a Deployment's template under a replica's name) into the configs peapod creates,
 * checking everything first: a plan that is built has nothing left to fail on but the engine itself.
 */
final class PodPlanner {
    /** What one pod of a play is made of. */
    record PodPlan(PodConfig pod, List<ContainerConfig> initContainers, List<ContainerConfig> containers,
            List<String> claims, Map<String, Map<String, String>> dataVolumes, List<String> emptyDirs,
            List<String> hostDirs) {
    }

    private final KubeYaml.Doc doc;
    private final String specPointer;
    private final KubeSources sources;
    private final String network;

    /**
     * @param doc         the document, for errors
     * @param specPointer where the pod spec sits in it ({@code /spec}, {@code /spec/template/spec})
     * @param network     the {@code --network} value, or null for the default bridge
     */
    PodPlanner(KubeYaml.Doc doc, String specPointer, KubeSources sources, String network) {
        this.doc = doc;
        this.specPointer = specPointer;
        this.sources = sources;
        this.network = network;
    }

    /** @throws InvalidArgumentException naming the document, the field path and the line of the first problem */
    PodPlan plan(String podName, ObjectMeta meta, PodSpec spec) {
        if (spec == null) {
            throw doc.error(specPointer, "required");
        }
        if (spec.getContainers() == null || spec.getContainers().isEmpty()) {
            throw doc.error(specPointer + "/containers", "required: a pod needs at least one container");
        }
        Map<String, String> labels = meta == null || meta.getLabels() == null ? Map.of() : meta.getLabels();
        Map<String, String> annotations = meta == null || meta.getAnnotations() == null ? Map.of()
                : meta.getAnnotations();
        List<PortMapping> ports = new ArrayList<>();
        boolean hostNetwork = Boolean.TRUE.equals(spec.getHostNetwork());
        PodConfig.Builder pb = PodConfig.builder().name(podName).labels(labels)
                .hostname(Objects.requireNonNullElse(spec.getHostname(), ""))
                .exitPolicy(PodConfig.ExitPolicy.STOP);
        Map<String, MountSource> volumes = volumes(spec, podName);
        String podId = Ids.newId();
        List<String> claims = new ArrayList<>();
        Map<String, Map<String, String>> dataVolumes = new LinkedHashMap<>();
        List<String> emptyDirs = new ArrayList<>();
        List<String> hostDirs = new ArrayList<>();
        for (MountSource s : volumes.values()) {
            if (s.emptyDir()) {
                emptyDirs.add(s.source());
            }
            if (s.createDir()) {
                hostDirs.add(s.source());
            }
            if (s.claim() != null) {
                claims.add(s.claim());
            }
            if (s.files() != null) {
                dataVolumes.put(s.volumeName(), s.files());
            }
        }
        List<ContainerConfig> init = new ArrayList<>();
        List<ContainerConfig> apps = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String policy;
        try {
            policy = KubeService.restartPolicy(spec.getRestartPolicy());
        } catch (InvalidArgumentException e) {
            throw doc.error(specPointer + "/restartPolicy", e.getMessage());
        }
        KubeSettings appKube = new KubeSettings("", annotations);
        List<Container> inits = Objects.requireNonNullElse(spec.getInitContainers(), List.of());
        for (int i = 0; i < inits.size(); i++) {
            init.add(container(podId, podName, spec, inits.get(i), specPointer + "/initContainers/" + i, volumes,
                    initSettings(annotations, inits.get(i).getName()), "", names, null));
        }
        for (int i = 0; i < spec.getContainers().size(); i++) {
            apps.add(container(podId, podName, spec, spec.getContainers().get(i), specPointer + "/containers/" + i,
                    volumes, appKube, policy, names, ports));
        }
        PodNetworkConfig net = hostNetwork ? new PodNetworkConfig(PodNetworkConfig.Mode.HOST, List.of(), ports,
                List.of(), List.of()) : PodNetworkConfig.parse(network, ports, List.of(), List.of());
        PodConfig pod = pb.id(podId).network(net).build();
        return new PodPlan(pod, init, apps, claims, dataVolumes, emptyDirs, hostDirs);
    }

    /**
     * An init container's type: the pod's {@code io.podman.annotations.init.container.type/NAME} annotation (the
     * per-container form podman 4.3's {@code generate kube} writes), else the plain one, else {@code once}.
     */
    private KubeSettings initSettings(Map<String, String> annotations, String name) {
        String key = KubeSettings.INIT_TYPE_ANNOTATION;
        String type = annotations.getOrDefault(key + "/" + name, annotations.getOrDefault(key, "once"));
        try {
            return new KubeSettings(type, annotations);
        } catch (InvalidArgumentException e) {
            throw doc.error("/metadata/annotations", e.getMessage());
        }
    }

    /** Where a pod volume's content comes from. */
    private record MountSource(MountSpec.Type type, String source, String claim, String volumeName,
            Map<String, String> files, boolean emptyDir, boolean createDir) {
        MountSource(MountSpec.Type type, String source, String claim, String volumeName, Map<String, String> files) {
            this(type, source, claim, volumeName, files, false, false);
        }
    }

    private Map<String, MountSource> volumes(PodSpec spec, String podName) {
        Map<String, MountSource> out = new LinkedHashMap<>();
        List<Volume> vols = Objects.requireNonNullElse(spec.getVolumes(), List.of());
        for (int i = 0; i < vols.size(); i++) {
            Volume v = vols.get(i);
            String ptr = specPointer + "/volumes/" + i;
            if (v.getName() == null || v.getName().isEmpty()) {
                throw doc.error(ptr + "/name", "required");
            }
            MountSource s;
            if (v.getHostPath() != null) {
                String path = v.getHostPath().getPath();
                if (path == null || !path.startsWith("/")) {
                    throw doc.error(ptr + "/hostPath/path", "required: an absolute host path");
                }
                String type = Objects.requireNonNullElse(v.getHostPath().getType(), "");
                if (!List.of("", "DirectoryOrCreate", "Directory", "File", "FileOrCreate", "Socket", "CharDevice",
                        "BlockDevice").contains(type)) {
                    throw doc.error(ptr + "/hostPath/type", "unknown hostPath type \"" + type + "\"");
                }
                s = new MountSource(MountSpec.Type.BIND, path, null, null, null, false,
                        type.equals("DirectoryOrCreate"));
            } else if (v.getPersistentVolumeClaim() != null) {
                String claim = v.getPersistentVolumeClaim().getClaimName();
                if (claim == null || claim.isEmpty()) {
                    throw doc.error(ptr + "/persistentVolumeClaim/claimName", "required");
                }
                s = new MountSource(MountSpec.Type.VOLUME, claim, claim, null, null);
            } else if (v.getEmptyDir() != null) {
                boolean memory = "Memory".equals(v.getEmptyDir().getMedium());
                s = memory ? new MountSource(MountSpec.Type.TMPFS, "", null, null, null)
                        : new MountSource(MountSpec.Type.VOLUME, podName + "-" + v.getName(), null, null, null, true,
                                false);
            } else if (v.getConfigMap() != null) {
                String name = v.getConfigMap().getName();
                Map<String, String> data = name == null ? null : sources.configMap(name);
                if (data == null) {
                    if (Boolean.TRUE.equals(v.getConfigMap().getOptional())) {
                        data = Map.of();
                    } else {
                        throw doc.error(ptr + "/configMap/name", "no ConfigMap named \"" + name
                                + "\" in the YAML or the --configmap files");
                    }
                }
                s = new MountSource(MountSpec.Type.VOLUME, name, null, name,
                        files(data, v.getConfigMap().getItems(), ptr + "/configMap/items"));
            } else if (v.getSecret() != null) {
                String name = v.getSecret().getSecretName();
                Map<String, String> data = name == null ? null : sources.secret(name);
                if (data == null) {
                    if (Boolean.TRUE.equals(v.getSecret().getOptional())) {
                        data = Map.of();
                    } else {
                        throw doc.error(ptr + "/secret/secretName", "no Secret named \"" + name
                                + "\" in the YAML or peapod secret");
                    }
                }
                s = new MountSource(MountSpec.Type.VOLUME, name, null, name,
                        files(data, v.getSecret().getItems(), ptr + "/secret/items"));
            } else {
                throw doc.error(ptr, "unsupported volume type: use hostPath, emptyDir, persistentVolumeClaim, "
                        + "configMap or secret");
            }
            out.put(v.getName(), s);
        }
        return out;
    }

    private Map<String, String> files(Map<String, String> data, List<KeyToPath> items, String ptr) {
        if (items == null || items.isEmpty()) {
            return data;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            KeyToPath k = items.get(i);
            if (!data.containsKey(k.getKey())) {
                throw doc.error(ptr + "/" + i + "/key", "no key \"" + k.getKey() + "\"");
            }
            String path = Objects.requireNonNullElse(k.getPath(), k.getKey());
            if (path.startsWith("/") || List.of(path.split("/")).contains("..")) {
                throw doc.error(ptr + "/" + i + "/path", "must be a relative path without ..");
            }
            out.put(path, data.get(k.getKey()));
        }
        return out;
    }

    private ContainerConfig container(String podId, String podName, PodSpec spec, Container c, String ptr,
            Map<String, MountSource> volumes, KubeSettings kube, String policy, List<String> names,
            List<PortMapping> ports) {
        if (c.getName() == null || c.getName().isEmpty()) {
            throw doc.error(ptr + "/name", "required");
        }
        if (names.contains(c.getName())) {
            throw doc.error(ptr + "/name", "duplicate container name \"" + c.getName() + "\"");
        }
        names.add(c.getName());
        if (c.getImage() == null || c.getImage().isBlank()) {
            throw doc.error(ptr + "/image", "required");
        }
        String name = podName + "-" + c.getName();
        if (!Ids.isValidName(name)) {
            throw doc.error(ptr + "/name", "\"" + c.getName() + "\" does not make a valid container name");
        }
        ContainerConfig.Builder b = ContainerConfig.builder().name(name).podId(podId).image(c.getImage())
                .entrypoint(Objects.requireNonNullElse(c.getCommand(), List.of()))
                .command(Objects.requireNonNullElse(c.getArgs(), List.of()))
                .workingDir(Objects.requireNonNullElse(c.getWorkingDir(), ""))
                .env(env(c, ptr))
                .terminal(Boolean.TRUE.equals(c.getTty())).stdin(Boolean.TRUE.equals(c.getStdin()));
        if (spec.getTerminationGracePeriodSeconds() != null) {
            b.stopTimeout((int) Math.max(0, Math.min(Integer.MAX_VALUE, spec.getTerminationGracePeriodSeconds())));
        }
        security(b, spec.getSecurityContext(), c.getSecurityContext(), ptr + "/securityContext");
        b.mounts(mounts(c, ptr, volumes));
        long memory = 0;
        long cpu = 0;
        if (c.getResources() != null && c.getResources().getLimits() != null) {
            Map<String, Quantity> limits = c.getResources().getLimits();
            memory = quantity(limits.get("memory"), ptr + "/resources/limits/memory", BigDecimal.ONE);
            cpu = quantity(limits.get("cpu"), ptr + "/resources/limits/cpu", BigDecimal.valueOf(1000));
        }
        try {
            b.host(new HostConfig(PodNetworkConfig.NONE, "", false, memory, cpu / 1000.0, 0, 0, List.of()));
        } catch (InvalidArgumentException e) {
            throw doc.error(ptr + "/resources/limits", e.getMessage());
        }
        b.kube(kube);
        try {
            b.service(new ServiceConfig(policy, 0, KubeService.liveness(c.getLivenessProbe(), c.getPorts(), policy)));
        } catch (InvalidArgumentException e) {
            throw doc.error(ptr + "/livenessProbe", e.getMessage());
        }
        if (ports != null) {
            List<ContainerPort> cps = Objects.requireNonNullElse(c.getPorts(), List.of());
            for (int i = 0; i < cps.size(); i++) {
                ContainerPort p = cps.get(i);
                if (p.getContainerPort() == null) {
                    throw doc.error(ptr + "/ports/" + i + "/containerPort", "required");
                }
                if (p.getHostPort() != null && p.getHostPort() > 0) {
                    try {
                        ports.add(new PortMapping(p.getHostIP(), p.getHostPort(), p.getContainerPort(),
                                Objects.requireNonNullElse(p.getProtocol(), "TCP").toLowerCase(Locale.ROOT)));
                    } catch (InvalidArgumentException e) {
                        throw doc.error(ptr + "/ports/" + i, e.getMessage());
                    }
                }
            }
        }
        try {
            return b.build();
        } catch (InvalidArgumentException e) {
            throw doc.error(ptr, e.getMessage());
        }
    }

    private long quantity(Quantity q, String ptr, BigDecimal scale) {
        if (q == null) {
            return 0;
        }
        try {
            return Quantity.getAmountInBytes(q).multiply(scale).setScale(0, java.math.RoundingMode.CEILING)
                    .longValueExact();
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw doc.error(ptr, "invalid quantity \"" + q + "\"");
        }
    }

    private List<String> env(Container c, String ptr) {
        Map<String, String> env = new LinkedHashMap<>();
        List<EnvFromSource> from = Objects.requireNonNullElse(c.getEnvFrom(), List.of());
        for (int i = 0; i < from.size(); i++) {
            EnvFromSource f = from.get(i);
            String prefix = Objects.requireNonNullElse(f.getPrefix(), "");
            Map<String, String> data = null;
            if (f.getConfigMapRef() != null) {
                data = lookup(sources.configMap(f.getConfigMapRef().getName()), "ConfigMap",
                        f.getConfigMapRef().getName(), f.getConfigMapRef().getOptional(),
                        ptr + "/envFrom/" + i + "/configMapRef/name");
            } else if (f.getSecretRef() != null) {
                data = lookup(sources.secret(f.getSecretRef().getName()), "Secret", f.getSecretRef().getName(),
                        f.getSecretRef().getOptional(), ptr + "/envFrom/" + i + "/secretRef/name");
            }
            if (data != null) {
                data.forEach((k, v) -> env.put(prefix + k, v));
            }
        }
        List<EnvVar> vars = Objects.requireNonNullElse(c.getEnv(), List.of());
        for (int i = 0; i < vars.size(); i++) {
            EnvVar v = vars.get(i);
            String p = ptr + "/env/" + i;
            if (v.getName() == null || v.getName().isEmpty()) {
                throw doc.error(p + "/name", "required");
            }
            String value = Objects.requireNonNullElse(v.getValue(), "");
            if (v.getValueFrom() != null) {
                var from1 = v.getValueFrom();
                if (from1.getConfigMapKeyRef() != null) {
                    var ref = from1.getConfigMapKeyRef();
                    value = key(lookup(sources.configMap(ref.getName()), "ConfigMap", ref.getName(),
                            ref.getOptional(), p + "/valueFrom/configMapKeyRef/name"), ref.getKey(), ref.getOptional(),
                            p + "/valueFrom/configMapKeyRef/key");
                } else if (from1.getSecretKeyRef() != null) {
                    var ref = from1.getSecretKeyRef();
                    value = key(lookup(sources.secret(ref.getName()), "Secret", ref.getName(), ref.getOptional(),
                            p + "/valueFrom/secretKeyRef/name"), ref.getKey(), ref.getOptional(),
                            p + "/valueFrom/secretKeyRef/key");
                } else {
                    throw doc.error(p + "/valueFrom", "unsupported: use configMapKeyRef or secretKeyRef");
                }
                if (value == null) {
                    continue;
                }
            }
            env.put(v.getName(), value);
        }
        List<String> out = new ArrayList<>();
        env.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    private Map<String, String> lookup(Map<String, String> data, String kind, String name, Boolean optional,
            String ptr) {
        if (data == null && !Boolean.TRUE.equals(optional)) {
            throw doc.error(ptr, "no " + kind + " named \"" + name + "\" in the YAML"
                    + (kind.equals("ConfigMap") ? " or the --configmap files" : " or peapod secret"));
        }
        return data;
    }

    private String key(Map<String, String> data, String key, Boolean optional, String ptr) {
        if (data == null) {
            return null;
        }
        if (!data.containsKey(key)) {
            if (Boolean.TRUE.equals(optional)) {
                return null;
            }
            throw doc.error(ptr, "no key \"" + key + "\"");
        }
        return data.get(key);
    }

    private void security(ContainerConfig.Builder b, PodSecurityContext pod, SecurityContext sc, String ptr) {
        Long uid = sc != null && sc.getRunAsUser() != null ? sc.getRunAsUser() : pod == null ? null : pod.getRunAsUser();
        Long gid = sc != null && sc.getRunAsGroup() != null ? sc.getRunAsGroup()
                : pod == null ? null : pod.getRunAsGroup();
        if (uid != null) {
            b.user(uid + (gid != null ? ":" + gid : ""));
        }
        if (sc == null) {
            return;
        }
        Capabilities caps = sc.getCapabilities();
        try {
            b.security(new SecurityConfig(Boolean.TRUE.equals(sc.getPrivileged()),
                    caps == null ? List.of() : caps.getAdd(), caps == null ? List.of() : caps.getDrop(), "",
                    Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation()), List.of()));
        } catch (InvalidArgumentException e) {
            throw doc.error(ptr + "/capabilities", e.getMessage());
        }
        b.readOnly(Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem()));
    }

    private List<MountSpec> mounts(Container c, String ptr, Map<String, MountSource> volumes) {
        List<MountSpec> out = new ArrayList<>();
        List<VolumeMount> vms = Objects.requireNonNullElse(c.getVolumeMounts(), List.of());
        for (int i = 0; i < vms.size(); i++) {
            VolumeMount vm = vms.get(i);
            String p = ptr + "/volumeMounts/" + i;
            MountSource s = volumes.get(vm.getName());
            if (s == null) {
                throw doc.error(p + "/name", "no volume named \"" + vm.getName() + "\" in spec.volumes");
            }
            if (vm.getMountPath() == null || !vm.getMountPath().startsWith("/")) {
                throw doc.error(p + "/mountPath", "required: an absolute path");
            }
            List<String> options = new ArrayList<>();
            if (Boolean.TRUE.equals(vm.getReadOnly())) {
                options.add("ro");
            }
            String source = s.source();
            if (s.type() == MountSpec.Type.BIND && vm.getSubPath() != null && !vm.getSubPath().isEmpty()) {
                source = source + "/" + vm.getSubPath();
            }
            try {
                out.add(new MountSpec(s.type(), source, vm.getMountPath(), options));
            } catch (InvalidArgumentException e) {
                throw doc.error(p, e.getMessage());
            }
        }
        return out;
    }
}
