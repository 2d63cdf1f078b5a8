package dev.peapod.core.kube;

import dev.peapod.core.Container;
import dev.peapod.core.Pod;
import dev.peapod.core.Runtime;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.KubeSettings;
import dev.peapod.core.container.SecurityConfig;
import dev.peapod.core.image.ImageConfig;
import dev.peapod.core.network.PodNetworkConfig;
import dev.peapod.core.network.PortMapping;
import dev.peapod.core.volume.MountSpec;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimVolumeSource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the typed v1 Pod for a peapod pod or a group of standalone containers. */
final class PodYaml {
    /** The pod and the ports it publishes (for a Service). */
    record Result(io.fabric8.kubernetes.api.model.Pod pod, List<PortMapping> ports) {
    }

    private final Runtime runtime;

    PodYaml(Runtime runtime) {
        this.runtime = runtime;
    }

    Result of(Pod pod, boolean appLabel) {
        List<Container> members = pod.allContainers().stream().filter(c -> !c.config().infra())
                .sorted(Comparator.comparing(c -> c.config().created())).toList();
        PodNetworkConfig net = pod.config().network();
        return build(pod.name(), pod.config().labels(), pod.config().hostname(), net, members, appLabel);
    }

    Result of(String name, List<Container> containers, boolean appLabel) {
        return build(name, Map.of(), "", PodNetworkConfig.NONE, containers, appLabel);
    }

    private Result build(String name, Map<String, String> labels, String hostname, PodNetworkConfig net,
            List<Container> members, boolean appLabel) {
        io.fabric8.kubernetes.api.model.Pod out = new io.fabric8.kubernetes.api.model.Pod();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        Map<String, String> allLabels = new LinkedHashMap<>(new java.util.TreeMap<>(labels));
        if (appLabel) {
            allLabels.putIfAbsent("app", name);
        }
        if (!allLabels.isEmpty()) {
            meta.setLabels(allLabels);
        }
        KubeSettings kube = members.isEmpty() ? KubeSettings.NONE : members.getFirst().config().kube();
        if (!kube.annotations().isEmpty()) {
            meta.setAnnotations(new LinkedHashMap<>(new java.util.TreeMap<>(kube.annotations())));
        }
        out.setMetadata(meta);
        PodSpec spec = new PodSpec();
        if (net.mode() == PodNetworkConfig.Mode.HOST) {
            spec.setHostNetwork(true);
        }
        if (!hostname.isEmpty()) {
            spec.setHostname(hostname);
        }
        List<ContainerConfig> apps = members.stream().map(Container::config)
                .filter(c -> c.kube().initType().isEmpty()).toList();
        List<ContainerConfig> inits = members.stream().map(Container::config)
                .filter(c -> !c.kube().initType().isEmpty()).toList();
        if (!apps.isEmpty()) {
            spec.setRestartPolicy(KubeService.kubeRestartPolicy(apps.getFirst().service().restartPolicy()));
        }
        if (!members.isEmpty() && members.getFirst().config().stopTimeout() != 10) {
            spec.setTerminationGracePeriodSeconds((long) members.getFirst().config().stopTimeout());
        }
        Map<String, Volume> volumes = new LinkedHashMap<>();
        List<io.fabric8.kubernetes.api.model.Container> containers = new ArrayList<>();
        for (int i = 0; i < apps.size(); i++) {
            containers.add(container(name, apps.get(i), i == 0 ? net.ports() : List.of(), volumes));
        }
        spec.setContainers(containers);
        if (!inits.isEmpty()) {
            List<io.fabric8.kubernetes.api.model.Container> initSpecs = new ArrayList<>();
            for (ContainerConfig c : inits) {
                initSpecs.add(container(name, c, List.of(), volumes));
            }
            spec.setInitContainers(initSpecs);
        }
        if (!volumes.isEmpty()) {
            spec.setVolumes(new ArrayList<>(volumes.values()));
        }
        out.setSpec(spec);
        return new Result(out, net.ports());
    }

    private io.fabric8.kubernetes.api.model.Container container(String podName, ContainerConfig c,
            List<PortMapping> ports, Map<String, Volume> volumes) {
        io.fabric8.kubernetes.api.model.Container k = new io.fabric8.kubernetes.api.model.Container();
        k.setName(c.name().startsWith(podName + "-") ? c.name().substring(podName.length() + 1) : c.name());
        k.setImage(c.image());
        ImageConfig img = c.imageId() == null || runtime.images() == null ? ImageConfig.empty()
                : runtime.images().find(c.imageId()).map(i -> i.config()).orElse(ImageConfig.empty());
        if (!c.entrypoint().equals(img.entrypoint())) {
            k.setCommand(c.entrypoint());
            if (!c.command().isEmpty()) {
                k.setArgs(c.command());
            }
        } else if (!c.command().equals(img.cmd())) {
            k.setArgs(c.command());
        }
        List<EnvVar> env = new ArrayList<>();
        for (String kv : c.env()) {
            if (!img.env().contains(kv)) {
                String[] p = kv.split("=", 2);
                env.add(new EnvVar(p[0], p.length > 1 ? p[1] : "", null));
            }
        }
        if (!env.isEmpty()) {
            k.setEnv(env);
        }
        if (!c.workingDir().isEmpty() && !c.workingDir().equals(img.workingDir())) {
            k.setWorkingDir(c.workingDir());
        }
        List<ContainerPort> cps = new ArrayList<>();
        for (PortMapping p : ports) {
            ContainerPort cp = new ContainerPort();
            cp.setContainerPort(p.containerPort());
            cp.setHostPort(p.hostPort());
            if (!p.hostIp().isEmpty()) {
                cp.setHostIP(p.hostIp());
            }
            if (!p.protocol().equals("tcp")) {
                cp.setProtocol(p.protocol().toUpperCase(Locale.ROOT));
            }
            cps.add(cp);
        }
        if (!cps.isEmpty()) {
            k.setPorts(cps);
        }
        long cpuMillis = Math.round(c.host().cpus() * 1000);
        long memory = c.host().memoryBytes();
        if (memory > 0 || cpuMillis > 0) {
            Map<String, Quantity> limits = new LinkedHashMap<>();
            if (cpuMillis > 0) {
                limits.put("cpu", new Quantity(cpuMillis % 1000 == 0 ? String.valueOf(cpuMillis / 1000)
                        : cpuMillis + "m"));
            }
            if (memory > 0) {
                long m = memory;
                limits.put("memory", new Quantity(m % (1 << 20) == 0 ? (m >> 20) + "Mi" : String.valueOf(m)));
            }
            ResourceRequirements r = new ResourceRequirements();
            r.setLimits(limits);
            k.setResources(r);
        }
        if (c.kube().initType().isEmpty()) {
            k.setLivenessProbe(KubeService.probe(c.service().health()));
        }
        SecurityContext sc = security(c, img);
        if (sc != null) {
            k.setSecurityContext(sc);
        }
        List<VolumeMount> mounts = new ArrayList<>();
        for (MountSpec m : c.mounts()) {
            Volume v = volume(podName, m, volumes);
            VolumeMount vm = new VolumeMount();
            vm.setName(v.getName());
            vm.setMountPath(m.destination());
            if (m.readOnly()) {
                vm.setReadOnly(true);
            }
            mounts.add(vm);
        }
        if (!mounts.isEmpty()) {
            k.setVolumeMounts(mounts);
        }
        return k;
    }

    private static SecurityContext security(ContainerConfig c, ImageConfig img) {
        SecurityContext sc = new SecurityContext();
        boolean any = false;
        if (!c.user().isEmpty() && !c.user().equals(img.user())) {
            String[] ug = c.user().split(":", 2);
            if (ug[0].chars().allMatch(Character::isDigit) && !ug[0].isEmpty()) {
                sc.setRunAsUser(Long.parseLong(ug[0]));
                any = true;
                if (ug.length > 1 && !ug[1].isEmpty() && ug[1].chars().allMatch(Character::isDigit)) {
                    sc.setRunAsGroup(Long.parseLong(ug[1]));
                }
            }
        }
        SecurityConfig s = c.security();
        if (s.privileged()) {
            sc.setPrivileged(true);
            any = true;
        }
        if (!s.capAdd().isEmpty() || !s.capDrop().isEmpty()) {
            Capabilities caps = new Capabilities();
            if (!s.capAdd().isEmpty()) {
                caps.setAdd(s.capAdd());
            }
            if (!s.capDrop().isEmpty()) {
                caps.setDrop(s.capDrop());
            }
            sc.setCapabilities(caps);
            any = true;
        }
        if (s.noNewPrivileges()) {
            sc.setAllowPrivilegeEscalation(false);
            any = true;
        }
        if (c.readOnly()) {
            sc.setReadOnlyRootFilesystem(true);
            any = true;
        }
        return any ? sc : null;
    }

    private Volume volume(String podName, MountSpec m, Map<String, Volume> volumes) {
        String key = m.type() + ":" + m.source();
        Volume existing = volumes.get(key);
        if (existing != null) {
            return existing;
        }
        Volume v = new Volume();
        switch (m.type()) {
            case BIND -> {
                v.setName(dnsName(m.source(), "host") + "-host-" + volumes.size());
                HostPathVolumeSource h = new HostPathVolumeSource();
                h.setPath(m.source());
                h.setType("Directory");
                v.setHostPath(h);
            }
            case TMPFS -> {
                v.setName("tmpfs-" + volumes.size());
                EmptyDirVolumeSource e = new EmptyDirVolumeSource();
                e.setMedium("Memory");
                v.setEmptyDir(e);
            }
            case VOLUME -> {
                boolean anonymous = runtime.volumes().exists(m.source())
                        && runtime.volumes().get(m.source()).config().anonymous();
                if (anonymous) {
                    String n = m.source().startsWith(podName + "-") ? m.source().substring(podName.length() + 1)
                            : m.source();
                    v.setName(dnsName(n, "emptydir"));
                    v.setEmptyDir(new EmptyDirVolumeSource());
                } else {
                    v.setName(dnsName(m.source(), "volume") + "-pvc");
                    PersistentVolumeClaimVolumeSource p = new PersistentVolumeClaimVolumeSource();
                    p.setClaimName(m.source());
                    v.setPersistentVolumeClaim(p);
                }
            }
        }
        volumes.put(key, v);
        return v;
    }

    /** A DNS-1123 label made of {@code s}: lower case letters, digits and dashes, at most 50 characters. */
    private static String dnsName(String s, String fallback) {
        String n = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        if (n.length() > 50) {
            n = n.substring(0, 50).replaceAll("-+$", "");
        }
        return n.isEmpty() ? fallback : n;
    }
}
