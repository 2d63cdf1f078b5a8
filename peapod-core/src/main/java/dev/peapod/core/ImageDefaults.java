package dev.peapod.core;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerStorageDriver;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.Signal;
import dev.peapod.core.network.PortMapping;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;

/**
 * The one place a container's config takes its image's defaults: entrypoint and command, environment
 * (the config's entries win per key; see {@link EnvDefaults}), working directory, user and stop signal, each only where the
 * config leaves it empty; the image's {@code HEALTHCHECK} when the config has none (nor {@code --no-healthcheck});
 * with {@code -P}, its exposed ports and the config's {@code --expose} ports published on free host ports.
 */
final class ImageDefaults {
    private ImageDefaults() {
    }

    /**
     * Resolves the config's image and fills what the config leaves empty from it.
     *
     * @throws dev.peapod.core.define.NoSuchImageException if the image is not in the local store
     * @throws InvalidArgumentException if neither the config nor the image has anything to run
     */
    static ContainerConfig apply(ContainerStorageDriver storage, ContainerConfig cfg) {
        if (cfg.imageId() != null || cfg.image().isEmpty()) {
            if (cfg.args().isEmpty()) {
                throw new InvalidArgumentException("container " + cfg.name() + " has no command: give one");
            }
            return publishAll(cfg, List.of());
        }
        ContainerStorageDriver.ImageSpec img = storage.resolveImage(cfg.image());
        ContainerConfig.Builder b = cfg.toBuilder().image(img.name()).imageId(img.id());
        if (cfg.entrypoint().isEmpty()) {
            b.entrypoint(img.entrypoint());
            if (cfg.command().isEmpty()) {
                b.command(img.cmd());
            }
        }
        b.env(EnvDefaults.merge(img.env(), cfg.env(), cfg.extra()));
        if (cfg.workingDir().isEmpty()) {
            b.workingDir(img.workingDir());
        }
        if (cfg.user().isEmpty()) {
            b.user(img.user());
        }
        if (!img.stopSignal().isEmpty() && cfg.stopSignal() == Signal.TERM.number()) {
            b.stopSignal(Signal.parse(img.stopSignal()).number());
        }
        ContainerStorageDriver.ImageExtras extras = storage.imageExtras(img.id());
        if (cfg.service().health() == null && extras.healthcheck() != null) {
            b.service(cfg.service().withHealth(extras.healthcheck()));
        }
        ContainerConfig out = publishAll(b.build(), extras.exposedPorts());
        if (out.args().isEmpty()) {
            throw new InvalidArgumentException("no command or entrypoint given for container " + cfg.name()
                    + " and image " + img.name() + " has none: give a command");
        }
        return out;
    }

    /**
     * {@code -P}: every port of {@code imageExposed} and of the config's {@code --expose} that no {@code -p} publishes
     * already (same container port and protocol) is published on host port 0, a free port chosen at creation.
     */
    private static ContainerConfig publishAll(ContainerConfig cfg, List<String> imageExposed) {
        if (!cfg.host().publishAll()) {
            return cfg;
        }
        List<PortMapping> ports = new ArrayList<>(cfg.host().network().ports());
        Set<String> published = new HashSet<>();
        ports.forEach(p -> published.add(p.containerPort() + "/" + p.protocol()));
        Set<String> exposed = new LinkedHashSet<>(imageExposed);
        exposed.addAll(cfg.compat().run().expose());
        for (String e : exposed) {
            if (published.add(e)) {
                String[] pp = e.split("/");
                ports.add(new PortMapping("", 0, Integer.parseInt(pp[0]), pp[1]));
            }
        }
        return cfg.toBuilder().host(cfg.host().withNetwork(cfg.host().network().withPorts(ports))).build();
    }
}
