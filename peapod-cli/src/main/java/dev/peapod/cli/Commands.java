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
import java.util.function.Supplier;
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

    /** One command of the tree; its object (and picocli's reflection over it) is made only when needed. */
    private record Node(String name, Supplier<Object> factory, List<Node> children, List<String> aliases,
                        boolean stopAtPositional) {
        boolean answersTo(String word) {
            return name.equals(word) || aliases.contains(word);
        }
    }

    private static Node leaf(String name, Supplier<Object> factory, String... aliases) {
        return new Node(name, factory, List.of(), List.of(aliases), false);
    }

    /** A command whose arguments after IMAGE are the container's command line, even if they look like options. */
    private static Node containerCommandLine(String name, Supplier<Object> factory) {
        return new Node(name, factory, List.of(), List.of(), true);
    }

    private static Node group(String name, Supplier<Object> factory, Node... children) {
        return new Node(name, factory, List.of(children), List.of(), false);
    }

    /** The whole tree: podman's names and aliases. */
    private static final Node TREE = group("peapod", PeapodCommand::new,
            group("container", ContainerCommand::new,
                    leaf("cleanup", CleanupCommand::new),
                    containerCommandLine("create", CreateCommand::new),
                    leaf("exists", ContainerExistsCommand::new),
                    leaf("inspect", ContainerInspectCommand::new),
                    leaf("kill", KillCommand::new),
                    leaf("logs", LogsCommand::new),
                    leaf("pause", PauseCommand::new),
                    leaf("ps", PsCommand::new, "ls", "list"),
                    leaf("restart", RestartCommand::new),
                    leaf("rm", RmCommand::new),
                    containerCommandLine("run", RunCommand::new),
                    leaf("start", StartCommand::new),
                    leaf("stop", StopCommand::new),
                    leaf("unpause", UnpauseCommand::new),
                    leaf("wait", WaitCommand::new)),
            containerCommandLine("create", CreateCommand::new),
            group("image", ImageCommand::new,
                    leaf("import", ImageImportCommand::new),
                    leaf("inspect", ImageInspectCommand::new),
                    leaf("load", LoadCommand::new),
                    leaf("ls", ImageLsCommand::new, "list"),
                    leaf("pull", PullCommand::new),
                    leaf("push", PushCommand::new),
                    leaf("rm", ImageRmCommand::new)),
            leaf("images", ImageLsCommand::new),
            leaf("info", InfoCommand::new),
            leaf("inspect", InspectCommand::new),
            leaf("kill", KillCommand::new),
            leaf("load", LoadCommand::new),
            leaf("login", LoginCommand::new),
            leaf("logout", LogoutCommand::new),
            leaf("logs", LogsCommand::new),
            leaf("network", NetworkCommand::new),
            leaf("pause", PauseCommand::new),
            group("pod", PodCommand::new,
                    leaf("create", PodCreateCommand::new),
                    leaf("exists", PodExistsCommand::new),
                    leaf("inspect", PodInspectCommand::new),
                    leaf("kill", PodKillCommand::new),
                    leaf("logs", PodLogsCommand::new),
                    leaf("pause", PodPauseCommand::new),
                    leaf("prune", PodPruneCommand::new),
                    leaf("ps", PodPsCommand::new, "ls", "list"),
                    leaf("restart", PodRestartCommand::new),
                    leaf("rm", PodRmCommand::new),
                    leaf("start", PodStartCommand::new),
                    leaf("stop", PodStopCommand::new),
                    leaf("top", PodTopCommand::new),
                    leaf("unpause", PodUnpauseCommand::new)),
            leaf("ps", PsCommand::new),
            leaf("pull", PullCommand::new),
            leaf("push", PushCommand::new),
            leaf("restart", RestartCommand::new),
            leaf("rm", RmCommand::new),
            leaf("rmi", ImageRmCommand::new),
            containerCommandLine("run", RunCommand::new),
            leaf("start", StartCommand::new),
            leaf("stop", StopCommand::new),
            group("system", SystemCommand::new,
                    leaf("info", InfoCommand::new),
                    leaf("refresh", SystemRefreshCommand::new)),
            leaf("unpause", UnpauseCommand::new),
            leaf("version", VersionCommand::new),
            leaf("wait", WaitCommand::new),
            leaf("help", CommandLine.HelpCommand::new));

    /** Global options that take a separate value ({@code --root /x}), so the value is not a command word. */
    private static final List<String> GLOBAL_WITH_VALUE = List.of("--root", "--runroot", "--log-level", "--runtime",
            "--conmon", "--namespace");

    /** The full command tree (every command built), writing to {@code out} and {@code err}. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return configure(build(TREE, null, true), out, err);
    }

    /**
     * A command line for running {@code args}: only the commands on the path the arguments name are built
     * (with the siblings needed for a listing or a suggestion), which keeps start-up short. Parsing and help
     * behave as with the full tree.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, String... args) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            }
            if (a.startsWith("-")) {
                if (GLOBAL_WITH_VALUE.contains(a)) {
                    i++;
                }
                continue;
            }
            words.add(a);
        }
        if (!words.isEmpty() && words.getFirst().equals("help")) {
            return commandLine(out, err);
        }
        if (words.isEmpty() && (List.of(args).contains("--version") || List.of(args).contains("-V"))) {
            return configure(build(TREE, null, false), out, err);
        }
        return configure(build(TREE, words, false), out, err);
    }

    /**
     * Builds {@code node}. With {@code full}, everything below it. Otherwise the child that the first of
     * {@code words} names is built on with the rest; when no word names a child, every child is built
     * without its own children (enough for a listing and for suggestions). {@code words == null} means the
     * node was not selected: its children are not built.
     */
    private static CommandLine build(Node node, List<String> words, boolean full) {
        CommandLine cl = new CommandLine(node.factory().get());
        cl.getCommandSpec().name(node.name());
        if (node.stopAtPositional()) {
            cl.setStopAtPositional(true);
        }
        if (node.children().isEmpty() || (!full && words == null)) {
            return cl;
        }
        Node selected = null;
        if (!full && !words.isEmpty()) {
            for (Node child : node.children()) {
                if (child.answersTo(words.getFirst())) {
                    selected = child;
                }
            }
        }
        for (Node child : node.children()) {
            if (selected != null && child != selected) {
                continue;
            }
            List<String> rest = full ? null : child == selected ? words.subList(1, words.size()) : null;
            cl.addSubcommand(child.name(), build(child, rest, full), child.aliases().toArray(String[]::new));
        }
        return cl;
    }

    private static CommandLine configure(CommandLine root, PrintWriter out, PrintWriter err) {
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
