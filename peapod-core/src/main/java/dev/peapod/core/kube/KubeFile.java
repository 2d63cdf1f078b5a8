package dev.peapod.core.kube;

import dev.peapod.core.define.InvalidArgumentException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A Kubernetes YAML file read into the kinds peapod plays (Pod, Deployment, PersistentVolumeClaim, ConfigMap,
 * Secret) with the typed model, the others and every unknown field turned into warnings that name them.
 */
final class KubeFile {
    /**
     * The pods one document asks for.
     *
     * @param specPointer where the pod spec sits in the document
     * @param podNames    one name per pod: the Pod's, or {@code NAME-pod-N} per Deployment replica (podman's names)
     */
    record PodDoc(KubeYaml.Doc doc, String specPointer, List<String> podNames, ObjectMeta meta, PodSpec spec) {
    }

    final List<PodDoc> pods = new ArrayList<>();
    final Set<String> claims = new LinkedHashSet<>();
    final KubeSources sources = new KubeSources();
    final List<String> warnings = new ArrayList<>();

    private KubeFile() {
    }

    /**
     * Reads the file and the {@code --configmap} files.
     *
     * @throws InvalidArgumentException for malformed YAML, a value of the wrong type, a missing name, or a file
     *                                  with nothing peapod can play; each naming the document, field and line
     */
    static KubeFile read(String yaml, List<String> configMapFiles) {
        KubeFile f = new KubeFile();
        for (String text : configMapFiles) {
            for (KubeYaml.Doc d : KubeYaml.parse(text)) {
                if (!d.kind().equals("ConfigMap")) {
                    throw d.error("/kind", "a --configmap file may hold only ConfigMap documents");
                }
                f.add(d);
            }
        }
        List<String> kinds = new ArrayList<>();
        boolean playable = false;
        for (KubeYaml.Doc d : KubeYaml.parse(yaml)) {
            kinds.add(d.kind());
            playable |= f.add(d);
        }
        if (!playable) {
            throw new InvalidArgumentException("YAML document does not contain any supported kube kind"
                    + (kinds.isEmpty() ? "" : " (found " + String.join(", ", kinds) + "; supported: Pod, Deployment,"
                    + " PersistentVolumeClaim, ConfigMap, Secret)"));
        }
        return f;
    }

    /** Adds one document; true if it is a kind that plays (makes pods or volumes). */
    private boolean add(KubeYaml.Doc d) {
        String kind = d.kind();
        switch (kind) {
            case "Pod" -> {
                Pod p = bind(d, Pod.class);
                pods.add(new PodDoc(d, "/spec", List.of(name(d, p.getMetadata())), p.getMetadata(), p.getSpec()));
                return true;
            }
            case "Deployment" -> {
                Deployment dep = bind(d, Deployment.class);
                String name = name(d, dep.getMetadata());
                if (dep.getSpec() == null || dep.getSpec().getTemplate() == null) {
                    throw d.error("/spec/template", "required");
                }
                Integer replicas = dep.getSpec().getReplicas();
                int n = replicas == null ? 1 : replicas;
                if (n < 0) {
                    throw d.error("/spec/replicas", "must not be negative");
                }
                List<String> names = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    names.add(name + "-pod-" + i);
                }
                pods.add(new PodDoc(d, "/spec/template/spec", names, dep.getSpec().getTemplate().getMetadata(),
                        dep.getSpec().getTemplate().getSpec()));
                return true;
            }
            case "PersistentVolumeClaim" -> {
                PersistentVolumeClaim pvc = bind(d, PersistentVolumeClaim.class);
                claims.add(name(d, pvc.getMetadata()));
                return true;
            }
            case "ConfigMap" -> {
                ConfigMap cm = bind(d, ConfigMap.class);
                sources.addConfigMap(name(d, cm.getMetadata()), cm.getData(), cm.getBinaryData());
                return false;
            }
            case "Secret" -> {
                Secret s = bind(d, Secret.class);
                try {
                    sources.addSecret(name(d, s.getMetadata()), s.getData(), s.getStringData());
                } catch (InvalidArgumentException e) {
                    throw d.error("/data", e.getMessage());
                }
                return false;
            }
            case "" -> throw d.error("/kind", "required");
            case "DaemonSet", "Job" -> {
                warnings.add(d.warning("/kind", "kind " + kind + " is not supported (podman 4.3's kube play does not"
                        + " play it either): ignored"));
                return false;
            }
            default -> {
                warnings.add(d.warning("/kind", "unknown kind " + kind + ": ignored"));
                return false;
            }
        }
    }

    private <T> T bind(KubeYaml.Doc d, Class<T> type) {
        T model = d.bind(type);
        List<String> unknown = new ArrayList<>();
        UnknownFields.find(model, "", unknown);
        for (String ptr : unknown) {
            warnings.add(d.warning(ptr, "unknown field: ignored"));
        }
        return model;
    }

    private static String name(KubeYaml.Doc d, ObjectMeta meta) {
        if (meta == null || meta.getName() == null || meta.getName().isEmpty()) {
            throw d.error("/metadata/name", "required");
        }
        return meta.getName();
    }
}
