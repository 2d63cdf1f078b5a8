package dev.peapod.core.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.peapod.core.Container;
import dev.peapod.core.Pod;
import dev.peapod.core.Runtime;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.define.NoSuchObjectException;
import dev.peapod.core.network.PortMapping;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code generate kube}: a pod (or standalone containers) as Kubernetes YAML ready for {@code kubectl apply}: a v1
 * Pod, or an apps/v1 Deployment of one replica, and with {@code service} a NodePort Service for its published ports.
 * The infra container is left out; what the containers took from their image is left to the image again.
 */
public final class KubeGenerate {
    /** What to wrap the pod in. */
    public enum Type { POD, DEPLOYMENT }

    private static final String HEADER = """
            # Save the output of this file and use kubectl create -f to import
            # it into Kubernetes.
            #
            # Created with peapod
            """;

    private final Runtime runtime;

    public KubeGenerate(Runtime runtime) {
        this.runtime = runtime;
    }

    /**
     * The YAML for the named pods and containers: one document per pod, the containers not in a pod together in one
     * pod named after the first of them ({@code NAME-pod}), each followed by its Service when asked.
     *
     * @throws NoSuchObjectException     if a name is neither a pod nor a container
     * @throws InvalidArgumentException if no name is given, or a container is named whose pod is named too
     */
    public String generate(List<String> names, Type type, boolean service) {
        if (names.isEmpty()) {
            throw new InvalidArgumentException("generate kube needs at least one pod or container");
        }
        List<Pod> pods = new ArrayList<>();
        List<Container> loose = new ArrayList<>();
        for (String name : names) {
            Pod pod = findPod(name);
            if (pod != null) {
                pods.add(pod);
                continue;
            }
            Container c;
            try {
                c = runtime.container(name);
            } catch (NoSuchContainerException e) {
                throw new NoSuchObjectException("name or ID \"" + name + "\" not found");
            }
            if (c.podId() != null) {
                Pod owner = runtime.pods().stream().filter(p -> p.id().equals(c.podId())).findFirst().orElseThrow();
                if (!pods.contains(owner)) {
                    pods.add(owner);
                }
            } else {
                loose.add(c);
            }
        }
        List<HasMetadata> docs = new ArrayList<>();
        PodYaml build = new PodYaml(runtime);
        for (Pod p : pods) {
            add(docs, build.of(p, type != Type.POD || service), type, service);
        }
        if (!loose.isEmpty()) {
            add(docs, build.of(loose.getFirst().name() + "-pod", loose, type != Type.POD || service), type, service);
        }
        StringBuilder out = new StringBuilder(HEADER);
        for (int i = 0; i < docs.size(); i++) {
            if (i > 0) {
                out.append("---\n");
            }
            try {
                out.append(KubeYaml.MAPPER.writeValueAsString(docs.get(i)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write " + docs.get(i).getKind() + " as YAML", e);
            }
        }
        return out.toString();
    }

    private Pod findPod(String name) {
        for (Pod p : runtime.pods()) {
            if (p.name().equals(name) || p.id().equals(name)) {
                return p;
            }
        }
        List<Pod> byPrefix = runtime.pods().stream().filter(p -> p.id().startsWith(name)).toList();
        return byPrefix.size() == 1 && name.length() >= 3 ? byPrefix.getFirst() : null;
    }

    private static void add(List<HasMetadata> docs, PodYaml.Result r, Type type, boolean service) {
        io.fabric8.kubernetes.api.model.Pod pod = r.pod();
        String name = pod.getMetadata().getName();
        if (type == Type.DEPLOYMENT) {
            Deployment d = new Deployment();
            ObjectMeta meta = new ObjectMeta();
            meta.setName(name + "-deployment");
            meta.setLabels(Map.of("app", name));
            d.setMetadata(meta);
            DeploymentSpec spec = new DeploymentSpec();
            spec.setReplicas(1);
            LabelSelector sel = new LabelSelector();
            sel.setMatchLabels(Map.of("app", name));
            spec.setSelector(sel);
            PodTemplateSpec template = new PodTemplateSpec();
            template.setMetadata(pod.getMetadata());
            template.setSpec(pod.getSpec());
            spec.setTemplate(template);
            d.setSpec(spec);
            docs.add(d);
        } else {
            docs.add(pod);
        }
        if (service && !r.ports().isEmpty()) {
            Service s = new Service();
            ObjectMeta meta = new ObjectMeta();
            meta.setName(name);
            meta.setLabels(Map.of("app", name));
            s.setMetadata(meta);
            ServiceSpec spec = new ServiceSpec();
            List<ServicePort> ports = new ArrayList<>();
            for (PortMapping p : r.ports()) {
                ServicePort sp = new ServicePort();
                sp.setName(p.containerPort() + "-" + p.protocol());
                sp.setPort(p.containerPort());
                sp.setTargetPort(new IntOrString(p.containerPort()));
                sp.setProtocol(p.protocol().toUpperCase(Locale.ROOT));
                ports.add(sp);
            }
            spec.setPorts(ports);
            spec.setSelector(new LinkedHashMap<>(Map.of("app", name)));
            spec.setType("NodePort");
            s.setSpec(spec);
            docs.add(s);
        }
    }
}
