package dev.peapod.cli.container;

import dev.peapod.cli.ByteSize;
import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Container;
import dev.peapod.core.Runtime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code peapod update}: a container's memory and CPU limits, swappiness, block I/O weight, cpuset mems and device
 * rates changed live (runc update) and kept for later starts; the container's full id printed, as podman 4.3.1 does.
 * podman's real-time, CPU shares/quota/period, cpuset cpus, memory reservation and swap flags are not taken.
 */
@Command(name = "update", mixinStandardHelpOptions = true, header = "Update an existing container",
        description = "Updates the cgroup configuration of a given container",
        customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER")
public final class UpdateCommand extends EngineCommand {
    @Option(names = {"-m", "--memory"}, paramLabel = "<number>[<unit>]", converter = ByteSize.Converter.class,
            description = "Memory limit (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), "
                    + "m (mebibytes), or g (gibibytes))")
    ByteSize memory;

    @Option(names = "--cpus", paramLabel = "float",
            description = "Number of CPUs. The default is 0.000 which means no limit")
    Double cpus;

    @picocli.CommandLine.Mixin
    CgroupOptions cgroup = new CgroupOptions();

    @Parameters(index = "0", paramLabel = "CONTAINER", description = "the container")
    String container;

    @Override
    public Integer call() {
        if (cpus != null && cpus < 0) {
            throw new dev.peapod.core.define.InvalidArgumentException("--cpus " + cpus + " must not be negative");
        }
        Runtime rt = runtime();
        Container c = rt.container(container);
        rt.updateContainer(c, memory == null ? -1 : memory.bytes(), cpus == null ? -1 : cpus,
                cgroup.extras(m -> dev.peapod.cli.Warnings.warn(request(), m), false));
        out().println(c.id());
        out().flush();
        return 0;
    }
}
