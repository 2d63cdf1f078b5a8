package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Pod;
import dev.peapod.core.define.PodRemovedException;
import dev.peapod.core.Runtime;
import dev.peapod.core.pod.PodStatus;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code peapod pod prune}: removes every pod whose status is Stopped or Exited, with its containers. */
@Command(name = "prune", mixinStandardHelpOptions = true, header = "Remove all stopped pods and their containers",
        description = "peapod pod prune Removes all exited pods",
        customSynopsis = "peapod pod prune [options]")
public final class PodPruneCommand extends EngineCommand {
    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation.  The default is false")
    boolean force;

    @Override
    public Integer call() {
        if (!force && !confirm()) {
            return 0;
        }
        Runtime rt = runtime();
        List<Pod> stopped = new ArrayList<>();
        for (Pod p : rt.pods()) {
            try {
                PodStatus s = p.status();
                // as podman: stopped and exited pods; a pod that was never started is kept
                if (s == PodStatus.EXITED || s == PodStatus.STOPPED) {
                    stopped.add(p);
                }
            } catch (PodRemovedException e) {
                // gone already
            }
        }
        return Pods.each(stopped, p -> rt.removePod(p, false, -1), "removing", out(), err());
    }

    private boolean confirm() {
        return dev.peapod.cli.Confirm.ask(request(),
                "WARNING! This will remove all stopped/exited pods..\nAre you sure you want to continue? [y/N] ");
    }
}
