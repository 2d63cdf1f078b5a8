package dev.peapod.cli;

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

    /** One command of the tree; its object (and picocli's reflection over it) is made only when needed. */
    /**
     * One command of the tree. Its class is named, not referenced, so that only the commands a command line
     * uses are loaded: referencing all of them (even as method references) cost tens of milliseconds per run.
     */
    private record Node(String name, String className, List<Node> children, List<String> aliases,
                        boolean stopAtPositional) {
        boolean answersTo(String word) {
            return name.equals(word) || aliases.contains(word);
        }

        Object newCommand() {
            try {
                return Class.forName(className).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("command class " + className + " cannot be made", e);
            }
        }
    }

    private static Node leaf(String name, String className, String... aliases) {
        return new Node(name, className, List.of(), List.of(aliases), false);
    }

    /**
     * A command whose arguments after the first positional one (IMAGE, CONTAINER, POD) are passed on as they
     * are, even if they look like options: a container's command line, ps options for top.
     */
    private static Node passesArgsOn(String name, String className) {
        return new Node(name, className, List.of(), List.of(), true);
    }

    private static Node group(String name, String className, Node... children) {
        return new Node(name, className, List.of(children), List.of(), false);
    }

    /** The whole tree: podman's names and aliases. */
    private static final Node TREE = group("peapod", "dev.peapod.cli.PeapodCommand",
            group("container", "dev.peapod.cli.container.ContainerCommand",
                    leaf("attach", "dev.peapod.cli.container.AttachCommand"),
                    leaf("cleanup", "dev.peapod.cli.container.CleanupCommand"),
                    leaf("commit", "dev.peapod.cli.image.CommitCommand"),
                    leaf("cp", "dev.peapod.cli.container.CpCommand"),
                    leaf("diff", "dev.peapod.cli.container.DiffCommand"),
                    leaf("mount", "dev.peapod.cli.container.MountCommand"),
                    leaf("unmount", "dev.peapod.cli.container.UnmountCommand", "umount"),
                    passesArgsOn("create", "dev.peapod.cli.container.CreateCommand"),
                    passesArgsOn("exec", "dev.peapod.cli.container.ExecCommand"),
                    leaf("exists", "dev.peapod.cli.container.ContainerExistsCommand"),
                    leaf("export", "dev.peapod.cli.container.ExportCommand"),
                    leaf("init", "dev.peapod.cli.container.InitCommand"),
                    leaf("inspect", "dev.peapod.cli.container.ContainerInspectCommand"),
                    leaf("kill", "dev.peapod.cli.container.KillCommand"),
                    leaf("logs", "dev.peapod.cli.container.LogsCommand"),
                    leaf("pause", "dev.peapod.cli.container.PauseCommand"),
                    leaf("port", "dev.peapod.cli.container.PortCommand"),
                    leaf("prune", "dev.peapod.cli.container.ContainerPruneCommand"),
                    leaf("ps", "dev.peapod.cli.container.PsCommand", "ls", "list"),
                    leaf("rename", "dev.peapod.cli.container.RenameCommand"),
                    leaf("restart", "dev.peapod.cli.container.RestartCommand"),
                    leaf("rm", "dev.peapod.cli.container.RmCommand"),
                    passesArgsOn("run", "dev.peapod.cli.container.RunCommand"),
                    leaf("start", "dev.peapod.cli.container.StartCommand"),
                    leaf("stats", "dev.peapod.cli.container.StatsCommand"),
                    leaf("stop", "dev.peapod.cli.container.StopCommand"),
                    passesArgsOn("top", "dev.peapod.cli.container.TopCommand"),
                    leaf("unpause", "dev.peapod.cli.container.UnpauseCommand"),
                    leaf("update", "dev.peapod.cli.container.UpdateCommand"),
                    leaf("wait", "dev.peapod.cli.container.WaitCommand")),
            leaf("attach", "dev.peapod.cli.container.AttachCommand"),
            leaf("commit", "dev.peapod.cli.image.CommitCommand"),
            leaf("cp", "dev.peapod.cli.container.CpCommand"),
            leaf("completion", "dev.peapod.cli.system.CompletionCommand"),
            passesArgsOn("create", "dev.peapod.cli.container.CreateCommand"),
            leaf("diff", "dev.peapod.cli.container.DiffCommand"),
            passesArgsOn("exec", "dev.peapod.cli.container.ExecCommand"),
            leaf("events", "dev.peapod.cli.system.EventsCommand"),
            group("healthcheck", "dev.peapod.cli.container.HealthcheckCommand",
                    leaf("run", "dev.peapod.cli.container.HealthcheckRunCommand")),
            leaf("export", "dev.peapod.cli.container.ExportCommand"),
            leaf("mount", "dev.peapod.cli.container.MountCommand"),
            leaf("unmount", "dev.peapod.cli.container.UnmountCommand", "umount"),
            group("image", "dev.peapod.cli.image.ImageCommand",
                    leaf("diff", "dev.peapod.cli.image.ImageDiffCommand"),
                    leaf("exists", "dev.peapod.cli.image.ImageExistsCommand"),
                    leaf("history", "dev.peapod.cli.image.ImageHistoryCommand"),
                    leaf("import", "dev.peapod.cli.image.ImageImportCommand"),
                    leaf("inspect", "dev.peapod.cli.image.ImageInspectCommand"),
                    leaf("load", "dev.peapod.cli.image.LoadCommand"),
                    leaf("ls", "dev.peapod.cli.image.ImageLsCommand", "list"),
                    leaf("prune", "dev.peapod.cli.image.ImagePruneCommand"),
                    leaf("pull", "dev.peapod.cli.image.PullCommand"),
                    leaf("push", "dev.peapod.cli.image.PushCommand"),
                    leaf("rm", "dev.peapod.cli.image.ImageRmCommand"),
                    leaf("save", "dev.peapod.cli.image.SaveCommand"),
                    leaf("tag", "dev.peapod.cli.image.TagCommands$Tag"),
                    leaf("untag", "dev.peapod.cli.image.TagCommands$Untag")),
            group("generate", "dev.peapod.cli.kube.KubeCommand$Generate",
                    leaf("kube", "dev.peapod.cli.kube.KubeGenerateCommand")),
            leaf("history", "dev.peapod.cli.image.ImageHistoryCommand"),
            leaf("images", "dev.peapod.cli.image.ImageLsCommand"),
            leaf("import", "dev.peapod.cli.image.ImageImportCommand"),
            leaf("info", "dev.peapod.cli.system.InfoCommand"),
            leaf("init", "dev.peapod.cli.container.InitCommand"),
            leaf("inspect", "dev.peapod.cli.container.InspectCommand"),
            leaf("kill", "dev.peapod.cli.container.KillCommand"),
            group("kube", "dev.peapod.cli.kube.KubeCommand",
                    leaf("down", "dev.peapod.cli.kube.KubeDownCommand"),
                    leaf("generate", "dev.peapod.cli.kube.KubeGenerateCommand"),
                    leaf("play", "dev.peapod.cli.kube.KubePlayCommand")),
            leaf("load", "dev.peapod.cli.image.LoadCommand"),
            leaf("login", "dev.peapod.cli.image.LoginCommand"),
            leaf("logout", "dev.peapod.cli.image.LogoutCommand"),
            leaf("logs", "dev.peapod.cli.container.LogsCommand"),
            group("network", "dev.peapod.cli.network.NetworkCommand",
                    leaf("connect", "dev.peapod.cli.network.NetworkConnectCommands$Connect"),
                    leaf("create", "dev.peapod.cli.network.NetworkCommand$Create"),
                    leaf("disconnect", "dev.peapod.cli.network.NetworkConnectCommands$Disconnect"),
                    leaf("exists", "dev.peapod.cli.network.NetworkCommand$Exists"),
                    leaf("inspect", "dev.peapod.cli.network.NetworkCommand$Inspect"),
                    leaf("ls", "dev.peapod.cli.network.NetworkCommand$Ls", "list"),
                    leaf("prune", "dev.peapod.cli.network.NetworkCommand$Prune"),
                    leaf("reload", "dev.peapod.cli.container.NetworkReloadCommand"),
                    leaf("rm", "dev.peapod.cli.network.NetworkCommand$Rm", "remove")),
            leaf("pause", "dev.peapod.cli.container.PauseCommand"),
            group("play", "dev.peapod.cli.kube.KubeCommand$Play",
                    leaf("kube", "dev.peapod.cli.kube.KubePlayCommand")),
            group("pod", "dev.peapod.cli.pod.PodCommand",
                    leaf("create", "dev.peapod.cli.pod.PodCreateCommand"),
                    leaf("exists", "dev.peapod.cli.pod.PodExistsCommand"),
                    leaf("inspect", "dev.peapod.cli.pod.PodInspectCommand"),
                    leaf("kill", "dev.peapod.cli.pod.PodKillCommand"),
                    leaf("logs", "dev.peapod.cli.pod.PodLogsCommand"),
                    leaf("pause", "dev.peapod.cli.pod.PodPauseCommand"),
                    leaf("prune", "dev.peapod.cli.pod.PodPruneCommand"),
                    leaf("ps", "dev.peapod.cli.pod.PodPsCommand", "ls", "list"),
                    leaf("restart", "dev.peapod.cli.pod.PodRestartCommand"),
                    leaf("rm", "dev.peapod.cli.pod.PodRmCommand"),
                    leaf("start", "dev.peapod.cli.pod.PodStartCommand"),
                    leaf("stats", "dev.peapod.cli.pod.PodStatsCommand"),
                    leaf("stop", "dev.peapod.cli.pod.PodStopCommand"),
                    passesArgsOn("top", "dev.peapod.cli.pod.PodTopCommand"),
                    leaf("unpause", "dev.peapod.cli.pod.PodUnpauseCommand")),
            leaf("port", "dev.peapod.cli.container.PortCommand"),
            leaf("ps", "dev.peapod.cli.container.PsCommand"),
            leaf("pull", "dev.peapod.cli.image.PullCommand"),
            leaf("push", "dev.peapod.cli.image.PushCommand"),
            leaf("rename", "dev.peapod.cli.container.RenameCommand"),
            leaf("restart", "dev.peapod.cli.container.RestartCommand"),
            leaf("rm", "dev.peapod.cli.container.RmCommand"),
            leaf("rmi", "dev.peapod.cli.image.ImageRmCommand"),
            leaf("save", "dev.peapod.cli.image.SaveCommand"),
            leaf("secret", "dev.peapod.cli.secret.SecretCommand"),
            passesArgsOn("run", "dev.peapod.cli.container.RunCommand"),
            leaf("start", "dev.peapod.cli.container.StartCommand"),
            leaf("stats", "dev.peapod.cli.container.StatsCommand"),
            leaf("stop", "dev.peapod.cli.container.StopCommand"),
            group("system", "dev.peapod.cli.system.SystemCommand",
                    leaf("check", "dev.peapod.cli.system.SystemCheckCommand"),
                    leaf("df", "dev.peapod.cli.system.SystemDfCommand"),
                    leaf("events", "dev.peapod.cli.system.EventsCommand"),
                    leaf("info", "dev.peapod.cli.system.InfoCommand"),
                    leaf("prune", "dev.peapod.cli.system.SystemPruneCommand"),
                    leaf("refresh", "dev.peapod.cli.system.SystemRefreshCommand"),
                    leaf("reset", "dev.peapod.cli.system.SystemResetCommand"),
                    leaf("restart-policy", "dev.peapod.cli.system.RestartPolicyCommand"),
                    leaf("service", "dev.peapod.cli.system.SystemServiceCommand")),
            leaf("tag", "dev.peapod.cli.image.TagCommands$Tag"),
            passesArgsOn("top", "dev.peapod.cli.container.TopCommand"),
            leaf("unpause", "dev.peapod.cli.container.UnpauseCommand"),
            leaf("untag", "dev.peapod.cli.image.TagCommands$Untag"),
            leaf("update", "dev.peapod.cli.container.UpdateCommand"),
            leaf("version", "dev.peapod.cli.system.VersionCommand"),
            leaf("volume", "dev.peapod.cli.volume.VolumeCommand"),
            leaf("wait", "dev.peapod.cli.container.WaitCommand"),
            leaf("help", "picocli.CommandLine$HelpCommand"));

    /** Global options that take a separate value ({@code --root /x}), so the value is not a command word. */
    private static final List<String> GLOBAL_WITH_VALUE = List.of("--root", "--runroot", "--log-level", "--runtime",
            "--conmon", "--namespace", "--storage-driver", "--storage-opt", "--cgroup-manager", "--events-backend",
            "--runtime-flag", "--network-config-dir", "--tmpdir", "--url");

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
        CommandLine cl = new CommandLine(node.newCommand());
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
                    break;
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
        root.setExecutionExceptionHandler((ex, cl, parsed) -> ExitCodes.report(ex, cl.getErr(), debug(root),
                cl.getCommand() instanceof ExitCodes.Removal));
        root.setParameterExceptionHandler((ex, args) ->
                ExitCodes.reportParameterError(ex, ex.getCommandLine().getErr()));
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
