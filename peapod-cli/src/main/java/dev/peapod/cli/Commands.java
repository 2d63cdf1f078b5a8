package dev.peapod.cli;

import dev.peapod.cli.container.CleanupCommand;
import dev.peapod.cli.container.ContainerCommand;
import dev.peapod.cli.container.ContainerExistsCommand;
import dev.peapod.cli.container.ContainerInspectCommand;
import dev.peapod.cli.container.CreateCommand;
import dev.peapod.cli.container.InspectCommand;
import dev.peapod.cli.container.KillCommand;
import dev.peapod.cli.container.LogsCommand;
import dev.peapod.cli.container.PauseCommand;
import dev.peapod.cli.container.PsCommand;
import dev.peapod.cli.container.RestartCommand;
import dev.peapod.cli.container.RmCommand;
import dev.peapod.cli.container.RunCommand;
import dev.peapod.cli.container.StartCommand;
import dev.peapod.cli.container.StopCommand;
import dev.peapod.cli.container.UnpauseCommand;
import dev.peapod.cli.container.WaitCommand;
import dev.peapod.cli.image.ImageCommand;
import dev.peapod.cli.image.ImageImportCommand;
import dev.peapod.cli.image.ImageInspectCommand;
import dev.peapod.cli.image.ImageLsCommand;
import dev.peapod.cli.image.ImageRmCommand;
import dev.peapod.cli.image.LoadCommand;
import dev.peapod.cli.image.LoginCommand;
import dev.peapod.cli.image.LogoutCommand;
import dev.peapod.cli.image.PullCommand;
import dev.peapod.cli.image.PushCommand;
import dev.peapod.cli.network.NetworkCommand;
import dev.peapod.cli.pod.PodCommand;
import dev.peapod.cli.pod.PodCreateCommand;
import dev.peapod.cli.pod.PodExistsCommand;
import dev.peapod.cli.pod.PodInspectCommand;
import dev.peapod.cli.pod.PodKillCommand;
import dev.peapod.cli.pod.PodLogsCommand;
import dev.peapod.cli.pod.PodPauseCommand;
import dev.peapod.cli.pod.PodPruneCommand;
import dev.peapod.cli.pod.PodPsCommand;
import dev.peapod.cli.pod.PodRestartCommand;
import dev.peapod.cli.pod.PodRmCommand;
import dev.peapod.cli.pod.PodStartCommand;
import dev.peapod.cli.pod.PodStopCommand;
import dev.peapod.cli.pod.PodTopCommand;
import dev.peapod.cli.pod.PodUnpauseCommand;
import dev.peapod.cli.system.InfoCommand;
import dev.peapod.cli.system.SystemCommand;
import dev.peapod.cli.system.SystemRefreshCommand;
import dev.peapod.cli.system.VersionCommand;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The whole command tree in one place, podman's names and aliases, and the error handling every command
 * shares. Read top to bottom, this is the list of what peapod can do.
 */
public final class Commands {
    private Commands() {
    }

    /** A fresh command line writing to {@code out} and {@code err}, every handler installed. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine root = new CommandLine(new PeapodCommand());

        CommandLine pod = new CommandLine(new PodCommand());
        pod.addSubcommand("create", new PodCreateCommand());
        pod.addSubcommand("exists", new PodExistsCommand());
        pod.addSubcommand("inspect", new PodInspectCommand());
        pod.addSubcommand("kill", new PodKillCommand());
        pod.addSubcommand("logs", new PodLogsCommand());
        pod.addSubcommand("pause", new PodPauseCommand());
        pod.addSubcommand("prune", new PodPruneCommand());
        pod.addSubcommand("ps", new PodPsCommand(), "ls", "list");
        pod.addSubcommand("restart", new PodRestartCommand());
        pod.addSubcommand("rm", new PodRmCommand());
        pod.addSubcommand("start", new PodStartCommand());
        pod.addSubcommand("stop", new PodStopCommand());
        pod.addSubcommand("top", new PodTopCommand());
        pod.addSubcommand("unpause", new PodUnpauseCommand());

        CommandLine container = new CommandLine(new ContainerCommand());
        container.addSubcommand("cleanup", new CleanupCommand());
        container.addSubcommand("create", stopAtPositional(new CreateCommand()));
        container.addSubcommand("exists", new ContainerExistsCommand());
        container.addSubcommand("inspect", new ContainerInspectCommand());
        container.addSubcommand("kill", new KillCommand());
        container.addSubcommand("logs", new LogsCommand());
        container.addSubcommand("pause", new PauseCommand());
        container.addSubcommand("ps", new PsCommand(), "ls", "list");
        container.addSubcommand("restart", new RestartCommand());
        container.addSubcommand("rm", new RmCommand());
        container.addSubcommand("run", stopAtPositional(new RunCommand()));
        container.addSubcommand("start", new StartCommand());
        container.addSubcommand("stop", new StopCommand());
        container.addSubcommand("unpause", new UnpauseCommand());
        container.addSubcommand("wait", new WaitCommand());

        CommandLine image = new CommandLine(new ImageCommand());
        image.addSubcommand("import", new ImageImportCommand());
        image.addSubcommand("inspect", new ImageInspectCommand());
        image.addSubcommand("load", new LoadCommand());
        image.addSubcommand("ls", new ImageLsCommand(), "list");
        image.addSubcommand("pull", new PullCommand());
        image.addSubcommand("push", new PushCommand());
        image.addSubcommand("rm", new ImageRmCommand());

        CommandLine system = new CommandLine(new SystemCommand());
        system.addSubcommand("info", new InfoCommand());
        system.addSubcommand("refresh", new SystemRefreshCommand());

        root.addSubcommand("container", container);
        root.addSubcommand("create", stopAtPositional(new CreateCommand()));
        root.addSubcommand("image", image);
        root.addSubcommand("images", renamed("images", new ImageLsCommand()));
        root.addSubcommand("info", new InfoCommand());
        root.addSubcommand("inspect", new InspectCommand());
        root.addSubcommand("kill", new KillCommand());
        root.addSubcommand("load", new LoadCommand());
        root.addSubcommand("login", new LoginCommand());
        root.addSubcommand("logout", new LogoutCommand());
        root.addSubcommand("logs", new LogsCommand());
        root.addSubcommand("network", new NetworkCommand());
        root.addSubcommand("pause", new PauseCommand());
        root.addSubcommand("pod", pod);
        root.addSubcommand("ps", new PsCommand());
        root.addSubcommand("pull", new PullCommand());
        root.addSubcommand("push", new PushCommand());
        root.addSubcommand("restart", new RestartCommand());
        root.addSubcommand("rm", new RmCommand());
        root.addSubcommand("rmi", renamed("rmi", new ImageRmCommand()));
        root.addSubcommand("run", stopAtPositional(new RunCommand()));
        root.addSubcommand("start", new StartCommand());
        root.addSubcommand("stop", new StopCommand());
        root.addSubcommand("system", system);
        root.addSubcommand("unpause", new UnpauseCommand());
        root.addSubcommand("version", new VersionCommand());
        root.addSubcommand("wait", new WaitCommand());
        root.addSubcommand("help", new CommandLine.HelpCommand());

        root.setOut(out);
        root.setErr(err);
        root.setOverwrittenOptionsAllowed(true);
        root.setUsageHelpWidth(100);
        root.setUsageHelpAutoWidth(true);
        root.setExecutionExceptionHandler((ex, cl, parsed) -> ex instanceof CommandLine.ParameterException pe
                ? ExitCodes.report(pe, cl.getErr(), debug(root))
                : ExitCodes.report(ex, cl.getErr(), debug(root)));
        root.setParameterExceptionHandler((ex, args) -> ExitCodes.reportParameterError(ex, ex.getCommandLine().getErr()));
        podmanLayout(root);
        return root;
    }

    /** The description, word-wrapped to the help width and indented by two spaces as podman's. */
    private static String indentedDescription(CommandLine.Help help) {
        int width = help.commandSpec().usageMessage().width() - 2;
        StringBuilder sb = new StringBuilder();
        for (String para : help.commandSpec().usageMessage().description()) {
            if (para.isEmpty()) {
                sb.append('\n');
                continue;
            }
            int lead = para.length() - para.stripLeading().length();
            String indent = "  " + " ".repeat(lead);
            StringBuilder line = new StringBuilder(indent);
            for (String word : para.strip().split(" +")) {
                if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                    sb.append(line).append('\n');
                    line = new StringBuilder(indent);
                }
                if (line.length() > indent.length()) {
                    line.append(' ');
                }
                line.append(word);
            }
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /** The same command under another name ({@code images} is {@code image ls}); help and errors use it. */
    private static CommandLine renamed(String name, Object command) {
        CommandLine cl = new CommandLine(command);
        cl.getCommandSpec().name(name);
        return cl;
    }

    private static CommandLine stopAtPositional(Object command) {
        CommandLine cl = new CommandLine(command);
        // everything after IMAGE is the container's command line, even if it looks like an option
        cl.setStopAtPositional(true);
        return cl;
    }

    private static boolean debug(CommandLine root) {
        try {
            return ((PeapodCommand) root.getCommand()).options().debug();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * podman's help layout: summary, description, usage, available commands, options; the global options
     * are listed only by {@code peapod --help} (they still work everywhere).
     */
    private static void podmanLayout(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        UsageMessageSpec u = spec.usageMessage();
        u.longOptionsMaxWidth(32);
        u.headerHeading("");
        u.descriptionHeading("%nDescription:%n");
        u.synopsisHeading("%nUsage:%n  ");
        u.commandListHeading("%nAvailable Commands:%n");
        u.optionListHeading("%nOptions:%n");
        u.parameterListHeading("%nArguments:%n");
        u.abbreviateSynopsis(true);
        if (u.description().length == 1 && u.header().length == 1 && u.description()[0].equals(u.header()[0])) {
            u.description(new String[0]);
        }
        boolean hasDescription = u.description().length > 0;
        List<String> keys = new ArrayList<>(List.of(
                UsageMessageSpec.SECTION_KEY_HEADER_HEADING, UsageMessageSpec.SECTION_KEY_HEADER));
        if (hasDescription) {
            keys.add(UsageMessageSpec.SECTION_KEY_DESCRIPTION_HEADING);
            keys.add(UsageMessageSpec.SECTION_KEY_DESCRIPTION);
        }
        keys.addAll(List.of(
                UsageMessageSpec.SECTION_KEY_SYNOPSIS_HEADING, UsageMessageSpec.SECTION_KEY_SYNOPSIS,
                UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
                UsageMessageSpec.SECTION_KEY_PARAMETER_LIST_HEADING, UsageMessageSpec.SECTION_KEY_PARAMETER_LIST,
                UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                UsageMessageSpec.SECTION_KEY_FOOTER_HEADING, UsageMessageSpec.SECTION_KEY_FOOTER));
        cl.setHelpSectionKeys(keys);
        cl.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_DESCRIPTION, Commands::indentedDescription);
        if (spec.parent() != null) {
            cl.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> help.optionListExcludingGroups(
                    help.commandSpec().options().stream().filter(o -> !o.inherited() && !o.hidden()).toList()));
        }
        for (CommandLine sub : new java.util.LinkedHashSet<>(cl.getSubcommands().values())) {
            podmanLayout(sub);
        }
    }
}
