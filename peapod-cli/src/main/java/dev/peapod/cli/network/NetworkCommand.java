package dev.peapod.cli.network;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.GroupCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod network}: the network commands. */
@Command(name = "network", mixinStandardHelpOptions = true, header = "Manage networks", description = "Manage networks",
        customSynopsis = "peapod network [command]",
        subcommands = {NetworkCommand.Ls.class, NetworkCommand.Create.class, NetworkCommand.Rm.class,
            NetworkCommand.Inspect.class})
public final class NetworkCommand extends GroupCommand {

    /** {@code peapod network ls}. */
    @Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, header = "List networks",
            customSynopsis = "peapod network ls [options]")
    public static final class Ls extends EngineCommand {
        @Option(names = "--format", paramLabel = "string", description = "Pretty-print networks to JSON or using a "
                + "Go template")
        String format;

        @Option(names = {"-q", "--quiet"}, description = "display only names")
        boolean quiet;

        @Override
        public Integer call() {
            throw notImplemented();
        }
    }

    /** {@code peapod network create}. */
    @Command(name = "create", mixinStandardHelpOptions = true, header = "Create networks for containers and pods",
            customSynopsis = "peapod network create [options] [NAME]")
    public static final class Create extends EngineCommand {
        @Option(names = "--subnet", paramLabel = "strings", description = "subnets in CIDR format")
        List<String> subnets = new ArrayList<>();

        @Parameters(paramLabel = "NAME", arity = "0..1", description = "Network name")
        String name;

        @Override
        public Integer call() {
            throw notImplemented();
        }
    }

    /** {@code peapod network rm}. */
    @Command(name = "rm", mixinStandardHelpOptions = true, header = "Remove networks",
            customSynopsis = "peapod network rm [options] NETWORK [NETWORK...]")
    public static final class Rm extends EngineCommand {
        @Option(names = {"-f", "--force"}, description = "remove any containers using network")
        boolean force;

        @Parameters(paramLabel = "NETWORK", arity = "1..*", description = "Network names")
        List<String> networks = new ArrayList<>();

        @Override
        public Integer call() {
            throw notImplemented();
        }
    }

    /** {@code peapod network inspect}. */
    @Command(name = "inspect", mixinStandardHelpOptions = true, header = "Displays the network configuration for "
            + "one or more networks", customSynopsis = "peapod network inspect [options] NETWORK [NETWORK...]")
    public static final class Inspect extends EngineCommand {
        @Option(names = {"-f", "--format"}, paramLabel = "string", description = "Pretty-print network to JSON or "
                + "using a Go template")
        String format;

        @Parameters(paramLabel = "NETWORK", arity = "1..*", description = "Network names")
        List<String> networks = new ArrayList<>();

        @Override
        public Integer call() {
            throw notImplemented();
        }
    }
}
