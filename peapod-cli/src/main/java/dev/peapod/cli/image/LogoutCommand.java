package dev.peapod.cli.image;

import dev.peapod.cli.EngineCommand;
import picocli.CommandLine.Command;
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

    @Parameters(paramLabel = "REGISTRY", arity = "0..1", description = "Registry host[:port]")
    String registry;

    @Override
    public Integer call() {
        throw notImplemented();
    }
}
