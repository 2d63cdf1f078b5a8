package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.SignalConverter;
import dev.peapod.core.define.Signal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code peapod pod kill}: sends a signal (default KILL) to the main process of every container in the pods. */
@Command(name = "kill", mixinStandardHelpOptions = true,
        header = "Send the specified signal or SIGKILL to containers in pod",
        description = {"Signals are sent to the main process of each container inside the specified pod.", "",
            "The default signal is SIGKILL, or any signal specified with option --signal."},
        customSynopsis = "peapod pod kill [options] POD [POD...]")
public final class PodKillCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Kill all containers in all pods")
    boolean all;

    @Option(names = {"-s", "--signal"}, paramLabel = "string", defaultValue = "KILL",
            converter = SignalConverter.class,
            description = "Signal to send to the containers in the pod (default \"KILL\")")
    Signal signal;

    @Mixin
    PodTargets targets;

    @Override
    public Integer call() {
        return Pods.each(targets.select(this::runtime, all, false), p -> p.kill(signal), "killing", out(), err());
    }
}
