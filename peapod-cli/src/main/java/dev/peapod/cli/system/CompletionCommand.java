package dev.peapod.cli.system;

import dev.peapod.cli.Commands;
import dev.peapod.cli.EngineCommand;
import dev.peapod.core.define.InvalidArgumentException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code peapod completion bash|zsh|fish}: a shell completion script for the whole command tree. bash's is
 * picocli's generator's; zsh's is the same script under {@code #compdef} (it loads bash completion into zsh); fish's
 * lists each command's subcommands and long options.
 */
@Command(name = "completion", mixinStandardHelpOptions = true, header = "Generate shell autocompletions",
        description = "Generate shell autocompletions. Valid arguments are bash, zsh and fish.",
        customSynopsis = "${COMMAND-FULL-NAME} [options] {bash|zsh|fish}")
public final class CompletionCommand extends EngineCommand {
    @Option(names = {"-f", "--file"}, paramLabel = "string",
            description = "Output the completion to file rather than stdout.")
    String file;

    @Option(names = "--no-desc", description = "Don't include descriptions in the completion output.")
    boolean noDesc;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash, zsh or fish")
    String shell;

    @Override
    public Integer call() {
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        CommandLine tree = Commands.commandLine(none, none);
        String script = switch (shell) {
            case "bash" -> AutoComplete.bash("peapod", tree);
            case "zsh" -> "#compdef peapod\n" + AutoComplete.bash("peapod", tree);
            case "fish" -> fish(tree);
            default -> throw new InvalidArgumentException("invalid argument \"" + shell
                    + "\" for completion: bash, zsh or fish");
        };
        if (file == null) {
            out().print(script);
            out().flush();
            return 0;
        }
        Path target = request().cwd().resolve(file);
        try {
            Files.writeString(target, script);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        return 0;
    }

    private String fish(CommandLine tree) {
        StringBuilder s = new StringBuilder("# fish completion for peapod\ncomplete -c peapod -f\n");
        fish(s, tree, "__fish_use_subcommand");
        return s.toString();
    }

    private void fish(StringBuilder s, CommandLine cl, String condition) {
        for (OptionSpec o : cl.getCommandSpec().options()) {
            if (o.longestName().startsWith("--")) {
                s.append("complete -c peapod -n '").append(condition).append("' -l ")
                        .append(o.longestName().substring(2)).append(describe(o.description())).append('\n');
            }
        }
        for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
            if (sub.getValue().getCommandSpec().name().equals("help") && cl.getParent() != null) {
                continue;
            }
            String[] header = sub.getValue().getCommandSpec().usageMessage().header();
            s.append("complete -c peapod -n '").append(condition).append("' -a ").append(sub.getKey())
                    .append(describe(header)).append('\n');
            if (sub.getKey().equals(sub.getValue().getCommandSpec().name())) {
                fish(s, sub.getValue(), "__fish_seen_subcommand_from " + sub.getKey());
            }
        }
    }

    private String describe(String[] text) {
        if (noDesc || text == null || text.length == 0 || text[0].isBlank()) {
            return "";
        }
        return " -d '" + text[0].replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
