package dev.peapod.cli.network;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Runtime;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod network connect} and {@code network disconnect}, over {@link Runtime#connectNetwork}. */
public final class NetworkConnectCommands {
    private NetworkConnectCommands() {
    }

    /** {@code peapod network connect}. */
    @Command(name = "connect", mixinStandardHelpOptions = true, header = "Add container to a network",
            customSynopsis = "peapod network connect [options] NETWORK CONTAINER")
    public static final class Connect extends EngineCommand {
        @Option(names = "--alias", paramLabel = "strings", split = ",",
                description = "network scoped alias for container")
        List<String> aliases = new ArrayList<>();

        @Option(names = "--ip", paramLabel = "string", description = "set a static ipv4 address for this container "
                + "network")
        String ip;

        @Parameters(index = "0", paramLabel = "NETWORK", description = "the network")
        String network;

        @Parameters(index = "1", paramLabel = "CONTAINER", description = "the container")
        String container;

        @Override
        public Integer call() {
            Runtime rt = runtime();
            rt.connectNetwork(rt.container(container), network, aliases, ip);
            return 0;
        }
    }

    /** {@code peapod network disconnect}. */
    @Command(name = "disconnect", mixinStandardHelpOptions = true, header = "Disconnect a container from a network",
            customSynopsis = "peapod network disconnect [options] NETWORK CONTAINER")
    public static final class Disconnect extends EngineCommand {
        @Option(names = {"-f", "--force"}, description = "force removal of container from network")
        boolean force;

        @Parameters(index = "0", paramLabel = "NETWORK", description = "the network")
        String network;

        @Parameters(index = "1", paramLabel = "CONTAINER", description = "the container")
        String container;

        @Override
        public Integer call() {
            Runtime rt = runtime();
            rt.disconnectNetwork(rt.container(container), network);
            return 0;
        }
    }
}
