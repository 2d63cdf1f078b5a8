package dev.peapod.cli.image;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.ImageService;
import dev.peapod.core.image.registry.RegistryOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod logout}: forgets the credentials for a registry. */
@Command(name = "logout", mixinStandardHelpOptions = true, header = "Logout of a container registry",
        description = "Remove the cached username and password for the registry.",
        customSynopsis = "peapod logout [options] [REGISTRY]")
public final class LogoutCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Remove the cached credentials for all registries in the auth "
            + "file")
    boolean all;

    @Mixin
    RegistryFlags registryFlags;

    @Parameters(paramLabel = "REGISTRY", arity = "0..1", description = "Registry host[:port]")
    String registry;

    @Override
    public Integer call() {
        RegistryOptions options = registryFlags.options(request());
        if (all) {
            ImageService.logoutAll(options);
            out().println("Removed login credentials for all registries");
        } else {
            if (registry == null) {
                throw new InvalidArgumentException("please provide a registry to log out of, or use --all");
            }
            if (!ImageService.logout(options, registry)) {
                throw new InvalidArgumentException("not logged into " + registry);
            }
            out().println("Removed login credentials for " + registry);
        }
        out().flush();
        return 0;
    }
}
