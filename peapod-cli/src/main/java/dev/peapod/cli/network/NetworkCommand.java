package dev.peapod.cli.network;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.ExitCodes;
import dev.peapod.cli.Filters;
import dev.peapod.cli.GroupCommand;
import dev.peapod.cli.KeyValues;
import dev.peapod.cli.format.Output;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.Runtime;
import dev.peapod.core.network.Network;
import dev.peapod.core.network.NetworkStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod network}: the network commands. */
@Command(name = "network", mixinStandardHelpOptions = true, header = "Manage networks", description = "Manage networks",
        customSynopsis = "peapod network [command]")
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

        @Option(names = "--no-trunc", description = "Do not truncate the network ID")
        boolean noTrunc;

        @Option(names = {"-n", "--noheading"}, description = "Do not print headers")
        boolean noHeading;

        @Option(names = {"-f", "--filter"}, paramLabel = "strings",
                description = "Provide filter values (e.g. 'name=podman')")
        List<String> filters = new ArrayList<>();

        Predicate<Network> filter() {
            Map<String, Filters.Matcher<Network>> keys = new HashMap<>();
            keys.put("name", (n, v) -> Filters.regex(n.name(), v));
            keys.put("id", (n, v) -> n.id().startsWith(v));
            keys.put("driver", (n, v) -> n.driver().equals(v));
            keys.put("label", (n, v) -> Filters.label(n.labels(), v));
            return Filters.parse(filters, keys);
        }

        @Override
        public Integer call() {
            Predicate<Network> keep = filter();
            List<NetworkRow> rows = runtime().networks().list().stream().filter(keep)
                    .map(n -> new NetworkRow(n, noTrunc)).toList();
            if (quiet) {
                rows.forEach(r -> out().println(r.Name()));
            } else {
                out().print(Output.list(format, rows, r -> r, "{{.ID}}\t{{.Name}}\t{{.Driver}}",
                        Map.of("ID", "NETWORK ID"), noHeading));
            }
            out().flush();
            return 0;
        }
    }

    /** {@code peapod network create}. */
    @Command(name = "create", mixinStandardHelpOptions = true, header = "Create networks for containers and pods",
            customSynopsis = "peapod network create [options] [NAME]")
    public static final class Create extends EngineCommand {
        @Option(names = "--subnet", paramLabel = "strings", description = "subnets in CIDR format")
        List<String> subnets = new ArrayList<>();

        @Option(names = "--gateway", paramLabel = "ips", description = "IPv4 or IPv6 gateway for the subnet")
        List<String> gateways = new ArrayList<>();

        @Option(names = {"-d", "--driver"}, paramLabel = "string", defaultValue = "bridge",
                description = "driver to manage the network (default \"bridge\")")
        String driver;

        @Option(names = "--internal", description = "restrict external access from this network")
        boolean internal;

        @Option(names = "--disable-dns", description = "disable dns plugin")
        boolean disableDns;

        @Option(names = "--interface-name", paramLabel = "string",
                description = "interface name which is used by the driver")
        String interfaceName;

        @Option(names = "--label", paramLabel = "stringArray", description = "set metadata on a network")
        List<String> labels = new ArrayList<>();

        @Option(names = "--ignore", description = "Don't fail if network already exists")
        boolean ignore;

        @Parameters(paramLabel = "NAME", arity = "0..1", description = "Network name")
        String name;

        @Override
        public Integer call() {
            if (!driver.equals("bridge")) {
                throw new InvalidArgumentException("unsupported driver " + driver + ": only bridge is supported");
            }
            if (subnets.size() > 1 || gateways.size() > 1) {
                throw new InvalidArgumentException("only one --subnet and one --gateway are supported (IPv4 only)");
            }
            if (!gateways.isEmpty() && subnets.isEmpty()) {
                throw new InvalidArgumentException("cannot set gateway without subnet");
            }
            NetworkStore store = runtime().networks();
            if (ignore && name != null) {
                try {
                    out().println(store.get(name).name());
                    out().flush();
                    return 0;
                } catch (dev.peapod.core.define.NoSuchObjectException e) {
                    // create it below
                }
            }
            Network n = store.create(new NetworkStore.CreateRequest(name, subnets.isEmpty() ? null : subnets.getFirst(),
                    gateways.isEmpty() ? null : gateways.getFirst(), interfaceName, internal, !disableDns,
                    KeyValues.parse(labels, "label")));
            out().println(n.name());
            out().flush();
            return 0;
        }
    }

    /** {@code peapod network rm}. */
    @Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true, header = "Remove networks",
            customSynopsis = "peapod network rm [options] NETWORK [NETWORK...]")
    public static final class Rm extends EngineCommand implements ExitCodes.Removal {
        @Option(names = {"-f", "--force"}, description = "remove any containers using network")
        boolean force;

        @Option(names = {"-t", "--time"}, paramLabel = "int", defaultValue = "-1",
                description = "Seconds to wait for running containers to stop before killing the container")
        int time;

        @Parameters(paramLabel = "NETWORK", arity = "1..*", description = "Network names")
        List<String> networks = new ArrayList<>();

        @Override
        public Integer call() {
            Runtime rt = runtime();
            int code = 0;
            for (String n : networks) {
                try {
                    rt.removeNetwork(n, force, time);
                    out().println(n);
                } catch (PeapodException e) {
                    err().println("Error: " + ExitCodes.message(e));
                    code = code == 0 ? ExitCodes.ofRemoval(e) : ExitCodes.combine(code, ExitCodes.ofRemoval(e));
                }
            }
            out().flush();
            err().flush();
            return code;
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
            NetworkStore store = runtime().networks();
            List<NetworkRow> rows = new ArrayList<>();
            for (String n : networks) {
                rows.add(new NetworkRow(store.get(n), true));
            }
            out().print(Output.inspect(format, rows));
            out().flush();
            return 0;
        }
    }

    /** {@code peapod network prune}. */
    @Command(name = "prune", mixinStandardHelpOptions = true, header = "Prune unused networks",
            customSynopsis = "peapod network prune [options]")
    public static final class Prune extends EngineCommand {
        @Option(names = {"-f", "--force"}, description = "do not prompt for confirmation")
        boolean force;

        @Option(names = "--filter", paramLabel = "stringArray",
                description = "Provide filter values (e.g. 'label=<key>=<value>')")
        List<String> filters = new ArrayList<>();

        @Override
        public Integer call() {
            Predicate<Network> keep = dev.peapod.cli.PruneFilters.of(filters, Network::labels, Network::created);
            if (!force && !dev.peapod.cli.Confirm.ask(request(), "WARNING! This will remove all networks not used by "
                    + "at least one container.\nAre you sure you want to continue? [y/N] ")) {
                return 0;
            }
            return dev.peapod.cli.system.Pruned.print(runtime().prune().networks(keep), null, out(), err());
        }
    }

    /** {@code peapod network exists}: exit 0 if the network exists, 1 if not. */
    @Command(name = "exists", mixinStandardHelpOptions = true, header = "network exists",
            customSynopsis = "peapod network exists NETWORK")
    public static final class Exists extends EngineCommand {
        @Parameters(paramLabel = "NETWORK", arity = "1", description = "Network name")
        String network;

        @Override
        public Integer call() {
            try {
                runtime().networks().get(network);
                return 0;
            } catch (dev.peapod.core.define.NoSuchObjectException e) {
                return 1;
            }
        }
    }
}
