package dev.peapod.cli.system;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.CheckReport;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code peapod system check}: podman 5's consistency check of the store, with its flags. */
@Command(name = "check", mixinStandardHelpOptions = true,
        header = "Check storage consistency",
        description = "Checks the state database, images and their layers, and looks for layers, mounts and runtime "
                + "containers that nothing owns. Without --repair nothing is changed. Exits 0 when the store is "
                + "consistent (or every finding was repaired), 1 when problems remain.",
        customSynopsis = "peapod system check [options]")
public final class SystemCheckCommand extends EngineCommand {
    @Option(names = {"-q", "--quick"}, description = "Skip time-consuming checks (digests of image contents)")
    boolean quick;

    @Option(names = {"-r", "--repair"}, description = "Remove inconsistent images and what no object owns")
    boolean repair;

    @Option(names = {"-f", "--force"}, description = "Remove containers that use damaged images (with --repair)")
    boolean force;

    @Override
    public Integer call() {
        CheckReport report = runtime().check(quick, repair, force);
        PrintWriter out = out();
        if (report.clean()) {
            out.println("No problems found.");
            return 0;
        }
        boolean remaining = false;
        for (CheckReport.Finding f : report.findings()) {
            out.printf("%-9s %s: %s; %s%n", f.kind(), f.object(), f.problem(), f.action());
            remaining |= !(f.action().equals("removed") || f.action().equals("unmounted") || f.action().equals("deleted"));
        }
        return remaining ? 1 : 0;
    }
}
