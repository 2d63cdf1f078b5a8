package dev.peapod.cli.image;

import dev.peapod.core.Runtime;
import dev.peapod.core.ImagePull;
import dev.peapod.core.image.registry.PullPolicy;
import dev.peapod.cli.Request;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --pull} and the registry flags of {@code create}, {@code run} and {@code pod create}. */
public final class PullOptions {
    @Option(names = "--pull", paramLabel = "string", defaultValue = "missing",
            description = "Pull image policy (\"always\"|\"missing\"|\"never\") (default \"missing\")")
    String pull;

    @Option(names = {"-q", "--quiet"}, description = "Suppress output information when pulling images")
    boolean quiet;

    @Mixin
    RegistryFlags registry;

    /**
     * Pulls {@code image} into the runtime's store if the policy asks for it. Built-in images (busybox, the infra
     * image) are made locally and pulled only under {@code --pull=always}.
     */
    public void ensure(Runtime rt, String image, Request request) {
        rt.ensureImage(image, new ImagePull(PullPolicy.parse(pull), registry.options(request), Progress.of(request, quiet)));
    }
}
