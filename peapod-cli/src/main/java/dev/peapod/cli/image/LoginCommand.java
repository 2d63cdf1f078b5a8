package dev.peapod.cli.image;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.Terminal;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.ImageService;
import dev.peapod.core.image.registry.RegistryOptions;
import dev.peapod.core.image.registry.RegistryOptions.Credentials;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod login}: checks credentials against a registry and stores them in the auth file. */
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

    @Option(names = {"-v", "--verbose"}, description = "Write more detailed information to stdout")
    boolean verbose;

    @Mixin
    RegistryFlags registryFlags;

    @Parameters(paramLabel = "REGISTRY", arity = "0..1", description = "Registry host[:port]")
    String registry;

    @Override
    public Integer call() {
        if (registry == null) {
            throw new InvalidArgumentException("please provide a registry to log in to, e.g. peapod login "
                    + "127.0.0.1:5000");
        }
        RegistryOptions options = registryFlags.options(request());
        if (getLogin) {
            String user = ImageService.loginUser(options, registry).orElseThrow(() -> new InvalidArgumentException(
                    "not logged into " + registry));
            out().println(user);
            out().flush();
            return 0;
        }
        if (password != null && passwordStdin) {
            throw new InvalidArgumentException("can't specify both --password-stdin and --password");
        }
        String user = username;
        String pass = password;
        Terminal terminal = request().terminal();
        if (user == null) {
            if (!terminal.isStdinTerminal()) {
                throw new InvalidArgumentException("no username given: use --username (stdin is not a terminal)");
            }
            user = terminal.readLine("Username: ", true).orElse(null);
        }
        if (passwordStdin) {
            try {
                String line = new BufferedReader(new InputStreamReader(request().stdin(), StandardCharsets.UTF_8))
                        .readLine();
                pass = line == null ? "" : line.strip();
            } catch (IOException e) {
                throw new InvalidArgumentException("cannot read the password from stdin: " + e.getMessage(), e);
            }
        } else if (pass == null) {
            if (!terminal.isStdinTerminal()) {
                throw new InvalidArgumentException("no password given: use --password or --password-stdin (stdin is "
                        + "not a terminal)");
            }
            pass = terminal.readLine("Password: ", false).orElse("");
        }
        if (user == null || user.isEmpty()) {
            throw new InvalidArgumentException("a username is required");
        }
        ImageService.login(options, registry, new Credentials(user, pass));
        if (verbose) {
            out().println("Used: " + options.authFile());
        }
        out().println("Login Succeeded!");
        out().flush();
        return 0;
    }
}
