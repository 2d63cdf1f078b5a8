package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.InspectFormat;
import dev.peapod.cli.format.Output;
import dev.peapod.cli.image.ImageInspectReport;
import dev.peapod.cli.network.NetworkRow;
import dev.peapod.cli.pod.PodInspectReport;
import dev.peapod.core.Runtime;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchObjectException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.inspect.ContainerInspect;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code peapod inspect}: any object by name or id (container, image, pod, network, volume), or of the given
 * {@code --type}.
 * As podman, what was found is printed, then the first object not found ends the command with
 * {@code inspecting object: ...} and exit code 125.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        header = "Display the configuration of object denoted by ID",
        description = {"Displays the low-level information on an object identified by name or ID.",
            "For more inspection options, see:", "", "    peapod container inspect", "    peapod image inspect",
            "    peapod network inspect", "    peapod pod inspect", "    peapod volume inspect"},
        customSynopsis = "peapod inspect [options] {CONTAINER|IMAGE|POD|NETWORK|VOLUME} [...]")
public final class InspectCommand extends EngineCommand {
    static final Set<String> TYPES = Set.of("all", "container", "image", "pod", "network", "volume");

    @Mixin
    InspectFormat format;

    @Option(names = {"-l", "--latest"}, description = "Act on the latest container peapod is aware of")
    boolean latest;

    @Option(names = {"-s", "--size"}, description = "Display total file size")
    boolean size;

    @Option(names = {"-t", "--type"}, paramLabel = "string", defaultValue = "all",
            description = "Specify inspect-object type (\"image\", \"container\", \"pod\", \"network\", \"volume\" or \"all\") "
                    + "(default \"all\")")
    String type;

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Names or IDs")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
        if (!TYPES.contains(type)) {
            throw new InvalidArgumentException("invalid type \"" + type + "\": must be one of all, container, "
                    + "image, pod, network, volume");
        }
        requireTargets(names, false, latest);
        Runtime rt = runtime();
        List<Object> reports = new ArrayList<>();
        if (latest) {
            reports.add(ContainerInspect.of(Containers.select(rt, List.of(), false, true, false).getFirst()
                    .container(), rt.options()));
        }
        PeapodException missing = null;
        for (String name : names) {
            try {
                reports.add(find(rt, name, type));
            } catch (NoSuchObjectException e) {
                missing = missing == null ? e : missing;
            }
        }
        out().print(Output.inspect(format.template, reports));
        out().flush();
        if (missing != null) {
            throw new NoSuchObjectException("inspecting object: " + missing.getMessage(), missing);
        }
        return 0;
    }

    /** The object of that name or id: a container, else an image, a pod, a network (or only the type asked for). */
    private Object find(Runtime rt, String name, String kind) {
        return switch (kind) {
            case "container" -> container(rt, name);
            case "image" -> ImageInspectReport.of(images().store(), name);
            case "pod" -> PodInspectReport.of(rt.pod(name).inspect(), rt.options().cgroupParent());
            case "network" -> NetworkRow.inspect(rt.networks().get(name));
            case "volume" -> dev.peapod.cli.volume.VolumeRow.inspect(rt.volumes().get(name));
            default -> any(rt, name);
        };
    }

    private static Object container(Runtime rt, String name) {
        return ContainerInspect.of(rt.container(name), rt.options());
    }

    private Object any(Runtime rt, String name) {
        for (String kind : List.of("container", "image", "pod", "network", "volume")) {
            try {
                return find(rt, name, kind);
            } catch (NoSuchObjectException e) {
                // try the next kind
            }
        }
        throw new NoSuchObjectException("no such object: \"" + name + "\"");
    }
}
