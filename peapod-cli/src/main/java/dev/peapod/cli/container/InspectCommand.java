package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.InspectFormat;
import dev.peapod.cli.format.Output;
import dev.peapod.core.Runtime;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.define.NoSuchObjectException;
import dev.peapod.core.define.NoSuchPodException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod inspect}: any object by name or id (container, pod or image), or of the given {@code --type}. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        header = "Display the configuration of object denoted by ID",
        description = {"Displays the low-level information on an object identified by name or ID.",
            "For more inspection options, see:", "", "    peapod container inspect", "    peapod image inspect",
            "    peapod pod inspect"},
        customSynopsis = "peapod inspect [options] {CONTAINER|IMAGE|POD} [...]")
public final class InspectCommand extends EngineCommand {
    static final Set<String> TYPES = Set.of("all", "container", "image", "pod");

    @Mixin
    InspectFormat format;

    @Option(names = {"-l", "--latest"}, description = "Act on the latest container peapod is aware of")
    boolean latest;

    @Option(names = {"-t", "--type"}, paramLabel = "string", defaultValue = "all",
            description = "Specify inspect-object type (default \"all\")")
    String type;

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Names or IDs")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
        if (!TYPES.contains(type)) {
            throw new InvalidArgumentException("invalid type \"" + type + "\": must be one of all, container, "
                    + "image, pod");
        }
        requireTargets(names, false, latest);
        Runtime rt = runtime();
        List<Object> reports = new ArrayList<>();
        if (latest) {
            reports.add(ContainerInspectReport.of(Containers.select(rt, List.of(), false, true, false).getFirst()
                    .container()));
        }
        for (String name : names) {
            reports.add(find(rt, name));
        }
        out().print(Output.inspect(format.template, reports));
        out().flush();
        return 0;
    }

    /** A container, else a pod, of that name or id (or only the kind {@code --type} asks for). */
    private Object find(Runtime rt, String name) {
        if (type.equals("image")) {
            throw notImplemented();
        }
        if (!type.equals("pod")) {
            try {
                return ContainerInspectReport.of(rt.container(name));
            } catch (NoSuchContainerException e) {
                if (type.equals("container")) {
                    throw e;
                }
            }
        }
        try {
            return dev.peapod.cli.pod.PodInspectReport.of(rt.pod(name).inspect(), rt.options().cgroupParent());
        } catch (NoSuchPodException e) {
            if (type.equals("pod")) {
                throw e;
            }
            throw new NoSuchObjectException("no such object: \"" + name + "\": no container or pod has that name "
                    + "or id");
        }
    }
}
