package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Container;
import dev.peapod.core.define.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod attach}: connects the terminal to a running container until it exits or the caller detaches. */
@Command(name = "attach", mixinStandardHelpOptions = true, header = "Attach to a running container",
        description = "The detach sequence ctrl-p,ctrl-q detaches and leaves the container running.",
        customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER")
public final class AttachCommand extends EngineCommand {
    @Option(names = "--detach-keys", paramLabel = "[a-Z]",
            description = "Select the key sequence for detaching a container. Format is a single character [a-Z] "
                    + "or a comma separated sequence of `ctrl-<value>`, where `<value>` is one of: `a-z`, `@`, `^`, "
                    + "`[`, `\\\\`, `]`, `^` or `_` (default \"ctrl-p,ctrl-q\")")
    String detachKeys;

    @Option(names = {"-l", "--latest"}, description = "Act on the latest container peapod is aware of")
    boolean latest;

    @Option(names = "--no-stdin", description = "Do not attach STDIN. The default is false")
    boolean noStdin;

    @Option(names = "--sig-proxy", paramLabel = "true|false", arity = "0..1", defaultValue = "true",
            fallbackValue = "true", description = "Proxy received signals to the process (default true)")
    boolean sigProxy;

    @Parameters(paramLabel = "CONTAINER", arity = "0..1", description = "Container name or ID")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() {
        if (containers.isEmpty() && !latest) {
            throw new InvalidArgumentException("attach requires the name or id of one running container or the "
                    + "latest flag");
        }
        var keys = Attached.keys(detachKeys);
        Container c = Containers.select(runtime(), containers, false, latest, false).getFirst().container();
        int code = Attached.run(c, (s, size) -> attachResized(c, s, keys, size), c.config().terminal(),
                new Attached.Streams(!noStdin && c.config().stdin(), true, true), sigProxy, request());
        Containers.cleanupIfExited(c);
        return code;
    }

    private static dev.peapod.core.attach.Attachment attachResized(Container c, dev.peapod.core.attach.AttachStreams s,
                                                                dev.peapod.core.attach.DetachKeys keys,
                                                                dev.peapod.core.sys.Terminal.Size size) {
        var a = c.attach(s, keys);
        if (size != null) {
            a.resize(size);
        }
        return a;
    }
}
