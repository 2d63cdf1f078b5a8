package dev.peapod.core.kube;

import dev.peapod.core.Pod;
import dev.peapod.core.Runtime;
import dev.peapod.core.define.InvalidArgumentException;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code kube down}: removes what {@code kube play} made from the same YAML: its pods with their containers, and
 * the volumes of its emptyDirs. The volumes of its PersistentVolumeClaims, ConfigMaps and Secrets are kept unless
 * {@code force}. Pods of the YAML that do not exist are passed over.
 */
public final class KubeDown {
    private final Runtime runtime;

    public KubeDown(Runtime runtime) {
        this.runtime = runtime;
    }

    /**
     * What a down removed.
     *
     * @param pods    ids of the pods stopped and removed
     * @param volumes names of the volumes removed
     */
    public record DownReport(List<String> pods, List<String> volumes) {
        public DownReport {
            pods = List.copyOf(pods);
            volumes = List.copyOf(volumes);
        }
    }

    /**
     * Removes the YAML's pods and (with {@code force}) its volumes.
     *
     * @throws InvalidArgumentException for YAML that cannot be read, as {@link KubePlay#play} reports it
     * @throws dev.peapod.core.define.PeapodException if a pod cannot be removed (the others still are)
     */
    public DownReport down(String yaml, boolean force) {
        KubeFile file = KubeFile.read(yaml, List.of());
        Set<String> names = new LinkedHashSet<>();
        Set<String> kept = new LinkedHashSet<>(file.claims);
        Set<String> own = new LinkedHashSet<>();
        for (KubeFile.PodDoc pd : file.pods) {
            names.addAll(pd.podNames());
            List<Volume> vols = pd.spec() == null ? List.of()
                    : Objects.requireNonNullElse(pd.spec().getVolumes(), List.of());
            for (Volume v : vols) {
                if (v.getPersistentVolumeClaim() != null) {
                    kept.add(v.getPersistentVolumeClaim().getClaimName());
                } else if (v.getConfigMap() != null) {
                    kept.add(v.getConfigMap().getName());
                } else if (v.getSecret() != null) {
                    kept.add(v.getSecret().getSecretName());
                } else if (v.getEmptyDir() != null) {
                    pd.podNames().forEach(n -> own.add(n + "-" + v.getName()));
                }
            }
        }
        List<String> removed = new ArrayList<>();
        RuntimeException failure = null;
        for (Pod p : runtime.pods()) {
            if (names.contains(p.name())) {
                try {
                    runtime.removePod(p, true, -1).orThrow("remove pod " + p.name());
                    removed.add(p.id());
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        List<String> volumes = new ArrayList<>();
        Set<String> gone = new LinkedHashSet<>(own);
        if (force) {
            gone.addAll(kept);
        }
        for (String name : gone) {
            if (name != null && runtime.volumes().exists(name)) {
                runtime.volumes().remove(name, false, 0);
                volumes.add(name);
            }
        }
        return new DownReport(removed, volumes);
    }
}
