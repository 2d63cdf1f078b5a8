package dev.peapod.core;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerStorageDriver;
import dev.peapod.core.container.ExtraConfig;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.network.PodNetworks;
import dev.peapod.core.network.PodNetworkConfig;
import dev.peapod.core.state.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The /etc/hostname, /etc/hosts and /etc/resolv.conf a container gets: written into its own
 * directory, or those of the container whose network (or UTS) namespace it joins.
 */
final class ContainerFiles {
    private final State state;
    private final ContainerStorageDriver storage;

    ContainerFiles(State state, ContainerStorageDriver storage) {
        this.state = state;
        this.storage = storage;
    }

    /** A container's host name: its config's, else its short id. */
    static String hostnameOf(ContainerConfig cfg) {
        return cfg.hostname().isEmpty() ? Ids.shortId(cfg.id()) : cfg.hostname();
    }

    /**
     * The bind mounts of a container's network files: its own, written into {@code dir} unless
     * {@code written} says they are there, or those of the container whose namespace it joins.
     */
    Map<String, String> mountsFor(ContainerConfig c, Path dir, boolean written) throws IOException {
        String netOwner = c.namespaceJoins().get("net");
        Path filesDir = dir;
        boolean noHosts = c.extra().noHosts();
        if (netOwner == null) {
            if (!written) {
                write(hostnameOf(c), c.name(), dir, null, null, c.extra());
            }
        } else {
            filesDir = storage.containerDir(netOwner);
            ContainerConfig owner = owner(netOwner);
            noHosts |= owner.infra() && owner.extra().noHosts(); // pod create --no-hosts
            if (!Files.exists(filesDir.resolve("hosts"))) {
                write(hostnameOf(owner), owner.name(), filesDir, null, null, owner.extra());
            }
        }
        Map<String, String> mounts = new LinkedHashMap<>();
        if (!noHosts) {
            mounts.put("/etc/hosts", filesDir.resolve("hosts").toString());
        }
        mounts.put("/etc/resolv.conf", filesDir.resolve("resolv.conf").toString());
        String utsOwner = c.namespaceJoins().get("uts");
        Path hostnameFile = utsOwner == null ? dir.resolve("hostname") : storage.containerDir(utsOwner).resolve("hostname");
        if (utsOwner != null && !Files.exists(hostnameFile)) {
            Files.writeString(hostnameFile, hostnameOf(owner(utsOwner)) + "\n");
        }
        mounts.put("/etc/hostname", hostnameFile.toString());
        mounts.put("/run/.containerenv", containerEnv(c, dir).toString());
        return mounts;
    }

    /**
     * Writes the container's {@code /run/.containerenv} (podman gives every container one; scripts test for it to
     * know they run in a container): the engine, the container's name and id, its image, whether rootless.
     */
    static Path containerEnv(ContainerConfig c, Path dir) throws IOException {
        Path f = dir.resolve(".containerenv");
        Files.writeString(f, "engine=\"peapod\"\nname=\"" + c.name() + "\"\nid=\"" + c.id() + "\"\nimage=\""
                + c.image() + "\"\nimageid=\"" + (c.imageId() == null ? "" : c.imageId()) + "\"\nrootless=0\n");
        return f;
    }

    private ContainerConfig owner(String id) {
        return state.container(id).orElseThrow(() -> new NoSuchContainerException("no container with id " + id));
    }

    /**
     * Writes hostname, hosts and resolv.conf into {@code dir} for the container that holds a network namespace:
     * {@code net} gives extra hosts and DNS servers (null for none), {@code att} its addresses (null without).
     */
    static void write(String hostname, String name, Path dir, PodNetworkConfig net, PodNetworks.Attachment att)
            throws IOException {
        write(hostname, name, dir, net, att, ExtraConfig.DEFAULT);
    }

    /** {@link #write} with a container's {@code --dns-search} and {@code --dns-option} applied to resolv.conf. */
    static void write(String hostname, String name, Path dir, PodNetworkConfig net, PodNetworks.Attachment att,
            ExtraConfig extra) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("hostname"), hostname + "\n");
        String names = hostname + (hostname.equals(name) ? "" : " " + name);
        StringBuilder hosts = new StringBuilder(
                "127.0.0.1\tlocalhost localhost.localdomain\n::1\tlocalhost localhost.localdomain\n");
        if (att != null && !att.addresses().isEmpty()) {
            for (String ip : new LinkedHashSet<>(att.addresses().values())) {
                hosts.append(ip).append('\t').append(names).append('\n');
            }
            hosts.append(att.gateways().values().iterator().next()).append("\thost.containers.internal\n");
        } else {
            hosts.append("127.0.1.1\t").append(names).append('\n');
        }
        if (net != null) {
            for (String h : net.addHosts()) {
                int colon = h.indexOf(':');
                hosts.append(h.substring(colon + 1)).append('\t').append(h, 0, colon).append('\n');
            }
        }
        Files.writeString(dir.resolve("hosts"), hosts.toString());
        Path hostResolv = Path.of("/etc/resolv.conf");
        String resolv = Files.isReadable(hostResolv) ? Files.readString(hostResolv) : "";
        if (net != null && !net.dns().isEmpty()) {
            resolv = resolvConf(resolv, List.of(), net.dns());
        } else if (att != null && !att.dnsServers().isEmpty()) {
            resolv = resolvConf(resolv, List.of("dns.podman"), att.dnsServers());
        }
        Files.writeString(dir.resolve("resolv.conf"), withSearchAndOptions(resolv, extra));
    }

    /**
     * {@code --dns-search} replaces the search domains ({@code .} alone: none; {@code dns.podman} stays first),
     * {@code --dns-option} the options, as podman's resolv.conf has them.
     */
    static String withSearchAndOptions(String resolv, ExtraConfig extra) {
        if (extra.dnsSearch().isEmpty() && extra.dnsOptions().isEmpty()) {
            return resolv;
        }
        List<String> search = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String line : resolv.split("\n")) {
            String t = line.strip();
            if (!extra.dnsSearch().isEmpty() && (t.startsWith("search ") || t.startsWith("domain "))) {
                if (List.of(t.substring(7).strip().split("\\s+")).contains("dns.podman")) {
                    search.add("dns.podman");
                }
            } else if (!(t.startsWith("options ") && !extra.dnsOptions().isEmpty()) && !t.isEmpty()) {
                rest.add(line);
            }
        }
        StringBuilder out = new StringBuilder();
        if (!extra.dnsSearch().equals(List.of("."))) {
            search.addAll(extra.dnsSearch());
        }
        if (!search.isEmpty()) {
            out.append("search ").append(String.join(" ", search)).append('\n');
        }
        rest.forEach(l -> out.append(l).append('\n'));
        if (!extra.dnsOptions().isEmpty()) {
            out.append("options ").append(String.join(" ", extra.dnsOptions())).append('\n');
        }
        return out.toString();
    }

    /**
     * The host's resolv.conf with {@code servers} first (the host's own kept after them, except
     * loopback ones a container cannot reach) and {@code search} domains added.
     */
    static String resolvConf(String host, List<String> search, List<String> servers) {
        StringBuilder out = new StringBuilder();
        List<String> searches = new ArrayList<>(search);
        List<String> others = new ArrayList<>();
        List<String> hostServers = new ArrayList<>();
        for (String line : host.split("\n")) {
            String t = line.strip();
            if (t.startsWith("search ") || t.startsWith("domain ")) {
                for (String d : t.substring(7).strip().split("\\s+")) {
                    if (!searches.contains(d)) {
                        searches.add(d);
                    }
                }
            } else if (t.startsWith("nameserver ")) {
                String ip = t.substring(11).strip();
                if (!ip.startsWith("127.") && !ip.equals("::1")) {
                    hostServers.add(ip);
                }
            } else if (!t.isEmpty() && !t.startsWith("#")) {
                others.add(t);
            }
        }
        if (!searches.isEmpty()) {
            out.append("search ").append(String.join(" ", searches)).append('\n');
        }
        List<String> all = new ArrayList<>(servers);
        if (search.contains("dns.podman")) {
            hostServers.stream().filter(x -> !all.contains(x)).forEach(all::add);
        }
        all.forEach(ip -> out.append("nameserver ").append(ip).append('\n'));
        others.forEach(o -> out.append(o).append('\n'));
        return out.toString();
    }
}
