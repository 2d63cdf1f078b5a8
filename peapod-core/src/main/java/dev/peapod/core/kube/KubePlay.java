package dev.peapod.core.kube;

import dev.peapod.core.Container;
import dev.peapod.core.Pod;
import dev.peapod.core.PodResult;
import dev.peapod.core.Runtime;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.define.AlreadyExistsException;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.volume.Volumes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code kube play}: makes and starts the pods, volumes and containers a Kubernetes YAML file describes. The whole
 * file is read, checked and its images pulled before anything is made, and anything made is removed again when a
 * later step fails, so a play either happens whole or leaves nothing behind. Init containers run to completion, one
 * after another in the order given, before the pod's other containers start; those of podman's default {@code once}
 * type are then removed, those of the {@code always} type (the pod's {@code io.podman.annotations.init.container.type}
 * annotation) stay in the pod and run again each time it starts ({@code Pod.start}).
 */
public final class KubePlay {
    /** How long an init container may run before the play gives up on it. */
    private static final Duration INIT_TIMEOUT = Duration.ofHours(1);

    private final Runtime runtime;

    public KubePlay(Runtime runtime) {
        this.runtime = runtime;
    }

    /**
     * Plays a YAML stream.
     *
     * @throws InvalidArgumentException for malformed YAML, a missing required field, a reference to a ConfigMap,
     *                                  Secret or volume that is not there, or no kind that plays; each naming the
     *                                  document, field path and line; nothing is made
     * @throws AlreadyExistsException   if a pod of the same name exists and {@code replace} is off; nothing is made
     * @throws PeapodException          if an image cannot be had, or the engine fails: what was made is removed
     */
    public PlayReport play(String yaml, PlayOptions options) {
        KubeFile file = KubeFile.read(yaml, options.configMaps());
        file.sources.useStore(runtime.secrets());
        List<PodPlanner.PodPlan> plans = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (KubeFile.PodDoc pd : file.pods) {
            PodPlanner planner = new PodPlanner(pd.doc(), pd.specPointer(), file.sources, options.network());
            for (String name : pd.podNames()) {
                if (!names.add(name)) {
                    throw pd.doc().error("/metadata/name", "pod " + name + " is named twice in the YAML");
                }
                plans.add(planner.plan(name, pd.meta(), pd.spec()));
            }
        }
        List<Pod> existing = runtime.pods().stream().filter(p -> names.contains(p.name())).toList();
        if (!existing.isEmpty() && !options.replace()) {
            throw new AlreadyExistsException("pod " + existing.getFirst().name() + " already exists: use --replace"
                    + " to remove it first, or kube down");
        }
        for (PodPlanner.PodPlan plan : plans) {
            for (ContainerConfig c : all(plan)) {
                runtime.ensureImage(c.image(), options.pull());
            }
        }
        for (Pod p : existing) {
            runtime.removePod(p, true, 0).orThrow("replace pod " + p.name());
        }
        Made made = new Made();
        try {
            List<String> volumes = new ArrayList<>();
            Set<String> claims = new LinkedHashSet<>(file.claims);
            plans.forEach(p -> claims.addAll(p.claims()));
            for (String claim : claims) {
                made.ensureVolume(claim, false);
                if (file.claims.contains(claim)) {
                    volumes.add(claim);
                }
            }
            List<PlayReport.Played> played = new ArrayList<>();
            for (PodPlanner.PodPlan plan : plans) {
                played.add(make(plan, options, made));
            }
            return new PlayReport(played, volumes, file.warnings);
        } catch (RuntimeException e) {
            made.undo(e);
            throw e;
        }
    }

    private static List<ContainerConfig> all(PodPlanner.PodPlan plan) {
        List<ContainerConfig> all = new ArrayList<>(plan.initContainers());
        all.addAll(plan.containers());
        return all;
    }

    private PlayReport.Played make(PodPlanner.PodPlan plan, PlayOptions options, Made made) {
        for (Map.Entry<String, Map<String, String>> v : plan.dataVolumes().entrySet()) {
            made.ensureVolume(v.getKey(), false);
            writeFiles(runtime.volumes().mountPoint(v.getKey()), v.getValue());
        }
        for (String dir : plan.emptyDirs()) {
            made.ensureVolume(dir, true);
        }
        for (String dir : plan.hostDirs()) {
            try {
                Files.createDirectories(Path.of(dir));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create hostPath directory " + dir + ": " + e.getMessage(), e);
            }
        }
        Pod pod = runtime.createPod(plan.pod(), Runtime.InfraSpec.DEFAULT, options.pull());
        made.pods.add(pod);
        List<Container> inits = new ArrayList<>();
        for (ContainerConfig c : plan.initContainers()) {
            if (c.kube().alwaysInit()) {
                runtime.createContainer(c);
            } else if (options.start()) {
                inits.add(runtime.createContainer(c));
            }
        }
        List<String> ids = new ArrayList<>();
        for (ContainerConfig c : plan.containers()) {
            ids.add(runtime.createContainer(c).id());
        }
        if (options.start()) {
            for (Container init : inits) {
                init.startWithDependencies();
                int code = init.waitForExit(INIT_TIMEOUT);
                if (code != 0) {
                    throw new PeapodException("init container " + init.name() + " of pod " + pod.name()
                            + " exited with code " + code + ": the pod's other containers were not started");
                }
                runtime.removeContainer(init, false, 0);
            }
            PodResult started = pod.start();
            if (!started.ok()) {
                started.orThrow("start pod " + pod.name());
            }
        }
        return new PlayReport.Played(pod.id(), pod.name(), ids);
    }

    private static void writeFiles(Path dir, Map<String, String> files) {
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path target = dir.resolve(f.getKey()).normalize();
                if (!target.startsWith(dir)) {
                    throw new InvalidArgumentException("file " + f.getKey() + " would leave its volume");
                }
                Files.createDirectories(target.getParent());
                Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ConfigMap files into " + dir + ": " + e.getMessage(), e);
        }
    }

    /** What this play has made so far, to be removed if a later step fails. */
    private final class Made {
        final List<Pod> pods = new ArrayList<>();
        final List<String> volumes = new ArrayList<>();

        void ensureVolume(String name, boolean anonymous) {
            Volumes v = runtime.volumes();
            if (!v.exists(name)) {
                v.create(name, Map.of(), Map.of(), anonymous);
                volumes.add(name);
            }
        }

        void undo(RuntimeException cause) {
            for (Pod p : pods.reversed()) {
                try {
                    runtime.removePod(p, true, 0).orThrow("remove pod " + p.name());
                } catch (RuntimeException e) {
                    cause.addSuppressed(e);
                }
            }
            for (String name : volumes.reversed()) {
                try {
                    runtime.volumes().remove(name, true, 0);
                } catch (RuntimeException e) {
                    if (runtime.volumes().exists(name)) {
                        cause.addSuppressed(e);
                    }
                }
            }
        }
    }
}
