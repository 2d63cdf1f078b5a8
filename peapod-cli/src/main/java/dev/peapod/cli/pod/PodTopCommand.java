package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.Top;
import dev.peapod.cli.format.Table;
import dev.peapod.core.Container;
import dev.peapod.core.define.InvalidStateException;
import dev.peapod.core.Pod;
import dev.peapod.core.cgroup.CgroupManager;
import dev.peapod.core.container.ContainerState;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod pod top}: the processes of every container in a pod. */
@Command(name = "top", mixinStandardHelpOptions = true,
        header = "Display the running processes of containers in a pod",
        description = "Specify format descriptors to alter the output.",
        customSynopsis = "peapod pod top [options] POD [FORMAT-DESCRIPTORS|ARGS...]")
public final class PodTopCommand extends EngineCommand {
    @Option(names = {"-l", "--latest"}, description = "Act on the latest pod peapod is aware of")
    boolean latest;

    @Parameters(paramLabel = "POD", arity = "0..*", description = "Pod name or ID, then ps format descriptors")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        if (args.isEmpty() && !latest) {
            throw new dev.peapod.core.define.InvalidArgumentException("you must provide the name or id of a pod");
        }
        List<String> names = latest ? List.of() : args.subList(0, 1);
        List<String> descriptors = Top.descriptors(latest ? args : args.subList(1, args.size()));
        Pod pod = Pods.select(runtime(), names, false, latest, false).getFirst();
        CgroupManager cgroups = CgroupManager.detect();
        List<Long> pids = new ArrayList<>();
        for (Container c : pod.allContainers()) {
            ContainerState s = c.refresh();
            if (s.state().isActive() && s.cgroupPath() != null) {
                pids.addAll(cgroups.pids(s.cgroupPath()));
            } else if (s.state().isActive() && s.pid() > 0) {
                pids.add(s.pid());
            }
        }
        if (pids.isEmpty()) {
            throw new InvalidStateException("pod " + pod.name() + " has no running containers: nothing to show");
        }
        out().print(Table.render(Top.headers(descriptors), Top.rows(pids, descriptors)));
        out().flush();
        return 0;
    }
}
