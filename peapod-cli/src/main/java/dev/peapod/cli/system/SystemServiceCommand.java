package dev.peapod.cli.system;

import dev.peapod.api.ApiService;
import dev.peapod.api.Listeners;
import dev.peapod.api.common.ServiceInfo;
import dev.peapod.api.http.HttpServer;
import dev.peapod.cli.BuildInfo;
import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Runtime;
import dev.peapod.core.define.InvalidArgumentException;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code peapod system service [--time SECONDS] [URI]}: serves the libpod and Docker-compatible REST API on a
 * unix socket (default {@code unix://<runroot>/peapod.sock}), on loopback TCP, or on the socket systemd passed.
 */
@Command(name = "service", mixinStandardHelpOptions = true, header = "Run API service",
        description = "Run an API service: the libpod and Docker-compatible REST API on a unix socket (default "
                + "unix://<runroot>/peapod.sock, mode 0660), on tcp://127.0.0.1:PORT, or on the socket systemd "
                + "passed (LISTEN_FDS).",
        customSynopsis = "peapod system service [options] [URI]")
public final class SystemServiceCommand extends EngineCommand {
    @Option(names = {"-t", "--time"}, paramLabel = "int", defaultValue = "5",
            description = "Time until the service session expires in seconds. Use 0 to disable the timeout "
                    + "(default 5)")
    long time;

    @Option(names = "--request-timeout", paramLabel = "int", defaultValue = "30", hidden = true,
            description = "Seconds a client may pause in the middle of sending a request before it gets a 408")
    long requestTimeout;

    @Parameters(index = "0", arity = "0..1", paramLabel = "URI", description = "Where to listen")
    String uri;

    @Override
    public Integer call() {
        if (time < 0) {
            throw new InvalidArgumentException("--time " + time + " must not be negative");
        }
        Runtime rt = runtime();
        Listeners.Listener l = Listeners.activated(request().env()).orElse(null);
        if (l == null) {
            l = Listeners.open(uri == null ? ApiService.defaultUri(rt.options().runRoot()) : uri);
        }
        err().println("API service listening on \"" + l.address() + "\"");
        err().flush();
        ApiService.serve(rt, new ServiceInfo(BuildInfo.version(), BuildInfo.built()), l.channel(), l.socketFile(),
                Duration.ofSeconds(time), new HttpServer.Limits(HttpServer.Limits.DEFAULT.maxHead(),
                        HttpServer.Limits.DEFAULT.maxBody(), Duration.ofSeconds(Math.max(1, requestTimeout))),
                ((dev.peapod.cli.PeapodCommand) spec.root().userObject()).options().debug(), err());
        return 0;
    }
}
