package dev.peapod.cli.secret;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.ExitCodes;
import dev.peapod.cli.GroupCommand;
import dev.peapod.cli.KeyValues;
import dev.peapod.cli.format.Output;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.secret.Secret;
import dev.peapod.core.secret.SecretStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod secret}: secrets of podman's file driver, for {@code kube play}'s Secrets. */
@Command(name = "secret", mixinStandardHelpOptions = true, header = "Manage secrets",
        customSynopsis = "peapod secret [command]",
        subcommands = {SecretCommand.Create.class, SecretCommand.Ls.class, SecretCommand.Inspect.class,
            SecretCommand.Rm.class})
public final class SecretCommand extends GroupCommand {

    /** {@code peapod secret create NAME FILE|-}: prints the new secret's id. */
    @Command(name = "create", mixinStandardHelpOptions = true, header = "Create a new secret",
            customSynopsis = "peapod secret create [options] NAME FILE|-")
    public static final class Create extends EngineCommand {
        @Option(names = {"-d", "--driver"}, paramLabel = "string", defaultValue = "file",
                description = "Specify secret driver (default \"file\")")
        String driver;

        @Option(names = {"-l", "--label"}, paramLabel = "stringArray", description = "Specify labels on the secret")
        List<String> labels = new ArrayList<>();

        @Parameters(index = "0", paramLabel = "NAME", description = "Secret name")
        String name;

        @Parameters(index = "1", paramLabel = "FILE", description = "File holding the data, or - for stdin")
        String file;

        @Override
        public Integer call() {
            if (!driver.equals("file")) {
                throw new InvalidArgumentException("secret driver \"" + driver + "\" is not supported: only \"file\""
                        + " is");
            }
            byte[] data;
            try {
                data = file.equals("-") ? request().stdin().readAllBytes()
                        : Files.readAllBytes(request().cwd().resolve(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read secret data from " + file + ": " + e.getMessage(), e);
            }
            Secret s = runtime().secrets().create(name, data, KeyValues.parse(labels, "label"));
            out().println(s.id());
            out().flush();
            return 0;
        }
    }

    /** {@code peapod secret ls}. */
    @Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, header = "List secrets",
            customSynopsis = "peapod secret ls [options]")
    public static final class Ls extends EngineCommand {
        @Option(names = "--format", paramLabel = "string", description = "Format volume output using Go template")
        String format;

        @Option(names = {"-n", "--noheading"}, description = "Do not print headers")
        boolean noHeading;

        @Override
        public Integer call() {
            Instant now = Instant.now();
            List<SecretRow> rows = runtime().secrets().list().stream().map(s -> new SecretRow(s, now)).toList();
            out().print(Output.list(format, rows, r -> r, "{{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.CreatedAt}}\t"
                    + "{{.UpdatedAt}}", Map.of("CreatedAt", "CREATED", "UpdatedAt", "UPDATED"), noHeading));
            out().flush();
            return 0;
        }
    }

    /** {@code peapod secret inspect}: exit 125 when one is missing, after printing the others. */
    @Command(name = "inspect", mixinStandardHelpOptions = true, header = "Inspect a secret",
            customSynopsis = "peapod secret inspect [options] SECRET [SECRET...]")
    public static final class Inspect extends EngineCommand {
        @Option(names = {"-f", "--format"}, paramLabel = "string", description = "Format output using Go template")
        String format;

        @Parameters(paramLabel = "SECRET", arity = "1..*", description = "Secret names or ids")
        List<String> names = new ArrayList<>();

        @Override
        public Integer call() {
            SecretStore store = runtime().secrets();
            Instant now = Instant.now();
            List<SecretRow> rows = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            for (String n : names) {
                try {
                    rows.add(new SecretRow(store.get(n), now));
                } catch (PeapodException e) {
                    errors.add(e.getMessage());
                }
            }
            out().print(Output.inspect(format, rows));
            out().flush();
            errors.forEach(m -> err().println("Error: inspecting secret: " + m));
            err().flush();
            return errors.isEmpty() ? 0 : ExitCodes.ENGINE_ERROR;
        }
    }

    /** {@code peapod secret rm}: prints each removed secret's id. */
    @Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true, header = "Remove one or more secrets",
            customSynopsis = "peapod secret rm [options] SECRET [SECRET...]")
    public static final class Rm extends EngineCommand {
        @Option(names = {"-a", "--all"}, description = "Remove all secrets")
        boolean all;

        @Parameters(paramLabel = "SECRET", arity = "0..*", description = "Secret names or ids")
        List<String> names = new ArrayList<>();

        @Override
        public Integer call() {
            if (all == !names.isEmpty()) {
                throw new InvalidArgumentException(all ? "when using the --all switch, you may not pass any secret "
                        + "names or IDs" : "`peapod secret rm` requires one argument");
            }
            SecretStore store = runtime().secrets();
            List<String> targets = all ? store.list().stream().map(Secret::id).toList() : names;
            int code = 0;
            for (String n : targets) {
                try {
                    out().println(store.remove(n));
                } catch (PeapodException e) {
                    err().println("Error: " + e.getMessage());
                    code = ExitCodes.ENGINE_ERROR;
                }
            }
            out().flush();
            err().flush();
            return code;
        }
    }
}
