package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Container;
import dev.peapod.core.Runtime;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchObjectException;
import dev.peapod.core.network.PortMapping;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod port}: the published ports of a container, as podman prints them. */
@Command(name = "port", header = "List port mappings or a specific mapping for the container",
        customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER [PRIVATE_PORT[/PROTO]]")
public final class PortCommand extends EngineCommand {
    @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-a", "--all"}, description = "Display port information for all containers")
    boolean all;

    @Option(names = {"-l", "--latest"}, description = "Act on the latest container peapod is aware of")
    boolean latest;

    @Parameters(paramLabel = "CONTAINER", arity = "0..2", description = "Container, then a private port")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> rest = new ArrayList<>(args);
        if (!all && !latest && rest.isEmpty()) {
            throw new InvalidArgumentException("you must supply a running container name or id");
        }
        if ((all || latest) && rest.size() > 1) {
            throw new InvalidArgumentException("the private port cannot be given with --all or --latest");
        }
        Runtime rt = runtime();
        List<Container> chosen = new ArrayList<>();
        String port = null;
        if (all) {
            chosen.addAll(rt.containers());
            port = rest.isEmpty() ? null : rest.getFirst();
        } else {
            chosen.add(Containers.select(rt, latest ? List.of() : rest.subList(0, 1), false, latest, false)
                    .getFirst().container());
            port = latest ? (rest.isEmpty() ? null : rest.getFirst()) : (rest.size() > 1 ? rest.get(1) : null);
        }
        int wanted = 0;
        String proto = "tcp";
        if (port != null) {
            String[] p = port.split("/", 2);
            try {
                wanted = Integer.parseInt(p[0]);
            } catch (NumberFormatException e) {
                throw new InvalidArgumentException("invalid port \"" + port + "\": use PRIVATE_PORT[/PROTO]");
            }
            proto = p.length > 1 ? p[1] : "tcp";
        }
        boolean found = false;
        for (Container c : chosen) {
            List<PortMapping> ports = dev.peapod.core.NetworkSettings.of(c).ports();
            if (ports.isEmpty()) {
                continue;
            }
            if (all) {
                out().println(Ids.shortId(c.id()));
            }
            for (PortMapping m : ports) {
                String ip = m.hostIp().isEmpty() ? "0.0.0.0" : m.hostIp();
                if (port == null) {
                    out().println(m.containerPort() + "/" + m.protocol() + " -> " + ip + ":" + m.hostPort());
                } else if (m.containerPort() == wanted && m.protocol().equals(proto)) {
                    out().println(ip + ":" + m.hostPort());
                    found = true;
                    break;
                }
            }
        }
        out().flush();
        if (port != null && !found) {
            throw new NoSuchObjectException("failed to find published port \"" + port + "\"");
        }
        return 0;
    }
}
