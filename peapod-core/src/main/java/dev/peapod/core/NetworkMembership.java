package dev.peapod.core;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.InvalidStateException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.network.NetworkConnections;
import dev.peapod.core.network.PodNetworkConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * podman's {@code network connect} and {@code network disconnect} of a container that holds its own bridge
 * namespace, as podman 4.3 does them: the network is added to (taken from) the container's configuration, so it is
 * kept across stops and starts, and a running container is attached to (detached from) it at once
 * ({@link NetworkConnections}), its {@code /etc/hosts} gaining (losing) the line of its address there. A stopped or
 * created container only has its configuration changed: the next start sets every network up.
 */
final class NetworkMembership {
    private final Engine engine;

    NetworkMembership(Engine engine) {
        this.engine = engine;
    }

    /**
     * @param ip a static address for the live connection, "" or null to allocate one (only for a running container:
     *           peapod keeps one {@code --ip} per container, for its first network)
     * @throws InvalidStateException in podman's words when it is on that network already
     */
    void connect(Container c, NetworkConnections conn, String name, List<String> aliases, String ip) {
        try (var held = c.lock()) {
            c.syncLocked();
            ContainerConfig cfg = config(c);
            PodNetworkConfig net = cfg.host().network();
            if (net.networks().contains(name)) {
                throw new InvalidStateException("container " + c.id() + " is already connected to network \"" + name
                        + "\": network is already connected");
            }
            boolean live = c.lastKnownState().state().isActive();
            if (!live && ip != null && !ip.isEmpty()) {
                throw new InvalidArgumentException("--ip " + ip + " can only be given when connecting a running "
                        + "container: start " + c.name() + " first, or connect it without --ip");
            }
            if (live) {
                String got = conn.connect(c.id(), name, aliases, ip == null ? "" : ip);
                editHosts(c, lines -> lines.add(got + "\t" + names(cfg)));
            }
            List<String> nets = new ArrayList<>(net.networks());
            nets.add(name);
            engine.state().updateContainerConfig(cfg.toBuilder().host(cfg.host().withNetwork(net.withNetworks(nets)))
                    .build());
        }
    }

    /** @throws InvalidStateException if it is not on that network, or that is its only one */
    void disconnect(Container c, NetworkConnections conn, String name) {
        try (var held = c.lock()) {
            c.syncLocked();
            ContainerConfig cfg = config(c);
            PodNetworkConfig net = cfg.host().network();
            boolean live = c.lastKnownState().state().isActive();
            if (live) {
                String ip = engine.networks().require().addresses(c.id()).getOrDefault(name, "");
                conn.disconnect(c.id(), name);
                if (!ip.isEmpty()) {
                    editHosts(c, lines -> lines.removeIf(l -> l.startsWith(ip + "\t")));
                }
            } else if (!net.networks().contains(name)) {
                throw new InvalidStateException("container " + Ids.shortId(c.id()) + " is not connected to network "
                        + name);
            } else if (net.networks().size() == 1) {
                throw new InvalidStateException("network " + name + " is the only network of container "
                        + Ids.shortId(c.id()) + ": remove the container instead");
            }
            List<String> nets = new ArrayList<>(net.networks());
            if (nets.remove(name)) {
                engine.state().updateContainerConfig(cfg.toBuilder().host(cfg.host().withNetwork(
                        net.withNetworks(nets))).build());
            }
        }
    }

    private ContainerConfig config(Container c) {
        return engine.state().container(c.id()).orElseThrow(() -> new NoSuchContainerException("no container with "
                + "name or ID \"" + c.name() + "\" found: no such container"));
    }

    private static String names(ContainerConfig cfg) {
        String hostname = ContainerFiles.hostnameOf(cfg);
        return hostname + (hostname.equals(cfg.name()) ? "" : " " + cfg.name());
    }

    /** Rewrites the container's own /etc/hosts in place (it is bind-mounted: the file must stay the same inode). */
    private void editHosts(Container c, java.util.function.Consumer<List<String>> edit) {
        Path hosts = engine.storage().containerDir(c.id()).resolve("hosts");
        try {
            if (!Files.exists(hosts)) {
                return;
            }
            List<String> lines = new ArrayList<>(Files.readAllLines(hosts));
            edit.accept(lines);
            Files.writeString(hosts, lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update /etc/hosts of container " + c.name() + ": "
                    + e.getMessage(), e);
        }
    }
}
