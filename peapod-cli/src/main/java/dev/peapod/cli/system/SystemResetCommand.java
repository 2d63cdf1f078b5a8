package dev.peapod.cli.system;

import dev.peapod.cli.Confirm;
import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.GlobalOptions;
import dev.peapod.core.Prune;
import dev.peapod.core.sys.FileTrees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code peapod system reset}: every pod, container, image, volume and network but the default one removed, then the
 * store's root and run root emptied, as podman 4.3.1's (its prompt; silent with {@code -f}). The run root keeps
 * {@code engine/}, where the engine process serving this very command listens: the next command finds a fresh store.
 */
@Command(name = "reset", mixinStandardHelpOptions = true, header = "Reset peapod storage",
        description = "Reset peapod storage back to default state",
        customSynopsis = "peapod system reset [options]")
public final class SystemResetCommand extends EngineCommand {
    /** The run root's entry the engine process and the client keep: its socket, start lock and log. */
    static final String ENGINE_DIR = "engine";

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Override
    public Integer call() {
        GlobalOptions g = ((dev.peapod.cli.PeapodCommand) spec.root().userObject()).options()
                .resolvedAgainst(request().cwd());
        Path root = g.rootPath().toAbsolutePath();
        Path runRoot = g.runrootPath().toAbsolutePath();
        if (!force && !Confirm.ask(request(), warning(root, runRoot))) {
            return 0;
        }
        List<Prune.Removed> failed = runtime().prune().everything();
        for (Prune.Removed f : failed) {
            err().println("Error: " + f.id() + ": " + f.error());
        }
        releaseRuntime();
        int code = failed.isEmpty() ? 0 : 125;
        code = Math.max(code, empty(root, null));
        code = Math.max(code, empty(runRoot, ENGINE_DIR));
        err().flush();
        return code;
    }

    /** Deletes everything in {@code dir} but {@code keep}; 125 after printing what could not go. */
    private int empty(Path dir, String keep) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int code = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (!p.getFileName().toString().equals(keep)) {
                    FileTrees.delete(p);
                }
            }
        } catch (IOException e) {
            err().println("Error: failed to remove " + dir + ": " + e.getMessage());
            code = 125;
        }
        return code;
    }

    private static String warning(Path root, Path runRoot) {
        return "WARNING! This will remove:\n"
                + "        - all containers\n"
                + "        - all pods\n"
                + "        - all images\n"
                + "        - all networks\n"
                + "        - all build cache\n"
                + "        - all machines\n"
                + "        - all volumes\n"
                + "        - the graphRoot directory: \"" + root + "\"\n"
                + "        - the runRoot directory: \"" + runRoot + "\"\n"
                + "Are you sure you want to continue? [y/N] ";
    }
}
