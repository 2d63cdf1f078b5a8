package dev.peapod.cli.image;

import dev.peapod.cli.EngineCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod login}: stores credentials for a registry. */
@Command(name = "login", mixinStandardHelpOptions = true, header = "Login to a container registry",
        description = "Login to a container registry on a specified server.",
        customSynopsis = "peapod login [options] [REGISTRY]")
public final class LoginCommand extends EngineCommand {
    @Option(names = "--get-login", description = "Return the current login user for the registry")
    boolean getLogin;

    @Option(names = {"-p", "--password"}, paramLabel = "string", description = "Password for registry")
    String password;

    @Option(names = "--password-stdin", description = "Take the password from stdin")
    boolean passwordStdin;

    @Option(names = {"-u", "--username"}, paramLabel = "string", description = "Username for registry")
    String username;

    @Option(names = "--tls-verify", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            paramLabel = "bool", description = "Require HTTPS and verify certificates when contacting registries "
                    + "(default true)")
    boolean tlsVerify;

    @Option(names = {"-v", "--verbose"}, description = "Write more detailed information to stdout")
    boolean verbose;

    @Parameters(paramLabel = "REGISTRY", arity = "0..1", description = "Registry host[:port]")
    String registry;

    @Override
    public Integer call() {
        throw notImplemented();
    }
}
