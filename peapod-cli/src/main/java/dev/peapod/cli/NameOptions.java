package dev.peapod.cli;

import dev.peapod.core.container.ExtraConfig;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The name-resolution flags that {@code create}/{@code run} and {@code pod create} share, with podman 4.3.1's names
 * and help texts: {@code --dns-search}, {@code --dns-option}, {@code --no-hosts}, {@code --network-alias}. A pod
 * gives them to its infra container.
 */
public final class NameOptions {
    @Option(names = "--dns-search", paramLabel = "strings", split = ",", description = "Set custom DNS search domains")
    List<String> dnsSearch = new ArrayList<>();

    @Option(names = "--dns-option", paramLabel = "strings", split = ",", description = "Set custom DNS options")
    List<String> dnsOptions = new ArrayList<>();

    @Option(names = "--no-hosts",
            description = "Do not create /etc/hosts within the container, instead use the version from the image")
    boolean noHosts;

    @Option(names = "--network-alias", paramLabel = "strings", split = ",",
            description = "Add network-scoped alias for the container")
    List<String> networkAliases = new ArrayList<>();

    /** A builder holding these settings, for the caller to add the rest of {@link ExtraConfig} to. */
    public ExtraConfig.Builder builder() {
        return ExtraConfig.builder().dnsSearch(dnsSearch).dnsOptions(dnsOptions).noHosts(noHosts)
                .networkAliases(networkAliases);
    }
}
