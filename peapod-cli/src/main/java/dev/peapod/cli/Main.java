package dev.peapod.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the peapod command line. */
@Command(name = "peapod", mixinStandardHelpOptions = true, version = "peapod 0.1.0",
        description = "Manage pods, containers and images (a daemonless, podman-compatible engine).")
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
