package dev.peapod.cli.network;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.core.network.Network;
import dev.peapod.core.network.NetworkStore;
import java.util.Map;

/**
 * What {@code network ls} and {@code network inspect} show of a network: as JSON the definition in
 * podman's format; to templates podman's field names ({@code {{.Name}}}, {@code {{.ID}}}, ...).
 */
public final class NetworkRow {
    private final Network n;
    private final boolean noTrunc;

    NetworkRow(Network n, boolean noTrunc) {
        this.n = n;
        this.noTrunc = noTrunc;
    }

    /** A network as {@code inspect} shows it (untruncated id). */
    public static NetworkRow inspect(Network n) {
        return new NetworkRow(n, true);
    }

    @JsonValue
    public JsonNode json() {
        return NetworkStore.toJson(n);
    }

    public String Name() {
        return n.name();
    }

    public String ID() {
        return noTrunc ? n.id() : n.id().substring(0, 12);
    }

    public String Driver() {
        return n.driver();
    }

    public String NetworkInterface() {
        return n.networkInterface();
    }

    public String Subnets() {
        return n.subnet().toString();
    }

    public String Gateway() {
        return n.gateway();
    }

    public boolean Internal() {
        return n.internal();
    }

    public boolean DNSEnabled() {
        return n.dnsEnabled();
    }

    public boolean IPv6Enabled() {
        return false;
    }

    public Map<String, String> Labels() {
        return n.labels();
    }

    public String Created() {
        return n.created().toString();
    }
}
