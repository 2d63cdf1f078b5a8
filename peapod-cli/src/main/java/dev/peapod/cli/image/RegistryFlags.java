package dev.peapod.cli.image;

import dev.peapod.core.image.registry.RegistryOptions;
import dev.peapod.core.image.registry.RegistryOptions.Credentials;
import dev.peapod.cli.Request;
import picocli.CommandLine.Option;

/** The registry options podman's pull, push, login, create and run share. */
public final class RegistryFlags {
    @Option(names = "--authfile", paramLabel = "string",
            description = "Path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override")
    String authfile;

    @Option(names = "--tls-verify", arity = "0..1", fallbackValue = "true", paramLabel = "bool",
            description = "Require HTTPS and verify certificates when contacting registries (default true)")
    Boolean tlsVerify;

    @Option(names = "--creds", paramLabel = "[username[:password]]",
            description = "Use `username[:password]` for accessing the registry")
    String creds;

    @Option(names = "--registries-conf", paramLabel = "string", hidden = true,
            description = "Path of the registries.conf to use (default: $CONTAINERS_REGISTRIES_CONF or "
                    + "/etc/containers/registries.conf)")
    String registriesConf;

    /**
     * The engine's registry options from these flags, the caller's environment and the defaults; paths relative to
     * the caller's working directory.
     */
    public RegistryOptions options(Request request) {
        RegistryOptions o = RegistryOptions.fromEnvironment(request.env()).withTlsVerify(tlsVerify);
        if (authfile != null) {
            o = o.withAuthFile(request.path(authfile));
        }
        if (registriesConf != null) {
            o = o.withRegistriesConf(request.path(registriesConf));
        }
        if (creds != null) {
            o = o.withCredentials(Credentials.parse(creds));
        }
        return o;
    }
}
