package dev.peapod.cli.volume;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.ExitCodes;
import dev.peapod.cli.Filters;
import dev.peapod.cli.GroupCommand;
import dev.peapod.cli.KeyValues;
import dev.peapod.cli.format.Output;
import dev.peapod.core.define.AlreadyExistsException;
import dev.peapod.core.define.NoSuchVolumeException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.volume.Volume;
import dev.peapod.core.volume.Volumes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod volume}: named volumes of the local driver, as podman's volume commands. */
@Command(name = "volume", mixinStandardHelpOptions = true, header = "Manage volumes", description = "Volumes are "
        + "created in and can be shared between containers", customSynopsis = "peapod volume [command]",
        subcommands = {VolumeCommand.Create.class, VolumeCommand.Ls.class, VolumeCommand.Inspect.class,
            VolumeCommand.Rm.class, VolumeCommand.Prune.class, VolumeCommand.Exists.class,
            VolumeArchiveCommands.Export.class, VolumeArchiveCommands.Import.class})
public final class VolumeCommand extends GroupCommand {

    /** The filters of {@code volume ls} and {@code volume prune}: name, label, driver, dangling, opt, anonymous. */
    static Predicate<Volume> filter(Volumes volumes, List<String> filters) {
        Map<String, Filters.Matcher<Volume>> keys = new HashMap<>();
        keys.put("name", (v, s) -> Filters.regex(v.name(), s));
        keys.put("label", (v, s) -> Filters.label(v.config().labels(), s));
        keys.put("driver", (v, s) -> v.config().driver().equals(s));
        keys.put("scope", (v, s) -> s.equals("local"));
        keys.put("anonymous", (v, s) -> v.config().anonymous() == Boolean.parseBoolean(s));
        keys.put("opt", (v, s) -> {
            int eq = s.indexOf('=');
            return eq < 0 ? v.config().options().containsKey(s)
                    : s.substring(eq + 1).equals(v.config().options().get(s.substring(0, eq)));
        });
        keys.put("dangling", (v, s) -> volumes.users(v.name()).isEmpty() == Boolean.parseBoolean(s));
        return Filters.parse(filters, keys);
    }

    /** {@code peapod volume create}. */
    @Command(name = "create", mixinStandardHelpOptions = true, header = "Create a new volume",
            customSynopsis = "peapod volume create [options] [NAME]")
    public static final class Create extends EngineCommand {
        @Option(names = {"-d", "--driver"}, paramLabel = "string", defaultValue = "local",
                description = "Specify volume driver name (default \"local\")")
        String driver;

        @Option(names = {"-l", "--label"}, paramLabel = "stringArray", description = "Set metadata for a volume "
                + "(default [])")
        List<String> labels = new ArrayList<>();

        @Option(names = {"-o", "--opt"}, paramLabel = "stringArray", description = "Set driver specific options "
                + "(default [])")
        List<String> opts = new ArrayList<>();

        @Option(names = "--ignore", description = "Don't fail if volume already exists")
        boolean ignore;

        @Parameters(paramLabel = "NAME", arity = "0..1", description = "Volume name")
        String name;

        @Override
        public Integer call() {
            if (!driver.equals("local")) {
                throw new dev.peapod.core.define.InvalidArgumentException("volume driver \"" + driver
                        + "\" is not supported: only \"local\" is");
            }
            Volumes volumes = runtime().volumes();
            try {
                out().println(volumes.create(name, KeyValues.parse(labels, "label"), KeyValues.parse(opts, "opt"),
                        false).name());
            } catch (AlreadyExistsException e) {
                if (!ignore) {
                    throw e;
                }
                out().println(name);
            }
            out().flush();
            return 0;
        }
    }

    /** {@code peapod volume ls}. */
    @Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, header = "List volumes",
            customSynopsis = "peapod volume ls [options]")
    public static final class Ls extends EngineCommand {
        @Option(names = {"-f", "--filter"}, paramLabel = "stringArray", description = "Filter volume output")
        List<String> filters = new ArrayList<>();

        @Option(names = "--format", paramLabel = "string", description = "Format volume output using Go template")
        String format;

        @Option(names = {"-n", "--noheading"}, description = "Do not print headers")
        boolean noHeading;

        @Option(names = {"-q", "--quiet"}, description = "Print volume output in quiet mode")
        boolean quiet;

        @Override
        public Integer call() {
            Volumes volumes = runtime().volumes();
            Predicate<Volume> keep = filter(volumes, filters);
            List<VolumeRow> rows = volumes.list().stream().filter(keep).map(VolumeRow::new).toList();
            if (quiet) {
                rows.forEach(r -> out().println(r.Name()));
            } else {
                out().print(Output.list(format, rows, r -> r, "{{.Driver}}\t{{.Name}}",
                        Map.of("Name", "VOLUME NAME"), noHeading));
            }
            out().flush();
            return 0;
        }
    }

    /** {@code peapod volume inspect}. */
    @Command(name = "inspect", mixinStandardHelpOptions = true, header = "Display detailed information on one or "
            + "more volumes", customSynopsis = "peapod volume inspect [options] VOLUME [VOLUME...]")
    public static final class Inspect extends EngineCommand {
        @Option(names = {"-f", "--format"}, paramLabel = "string", description = "Format volume output using Go "
                + "template")
        String format;

        @Option(names = {"-a", "--all"}, description = "Inspect all volumes")
        boolean all;

        @Parameters(paramLabel = "VOLUME", arity = "0..*", description = "Volume names")
        List<String> volumes = new ArrayList<>();

        @Override
        public Integer call() {
            Volumes vs = runtime().volumes();
            List<VolumeRow> rows = new ArrayList<>();
            int code = 0;
            if (all) {
                vs.list().forEach(v -> rows.add(new VolumeRow(v)));
            }
            List<String> missing = new ArrayList<>();
            for (String n : volumes) {
                try {
                    rows.add(new VolumeRow(vs.get(n)));
                } catch (NoSuchVolumeException e) {
                    missing.add(n);
                    code = ExitCodes.ENGINE_ERROR;
                }
            }
            out().print(Output.inspect(format, rows));
            out().flush();
            for (String n : missing) {
                err().println("Error: inspecting object: no such volume " + n);
            }
            err().flush();
            return code;
        }
    }

    /** {@code peapod volume rm}: exit 1 for a missing volume, 2 for one in use, as podman. */
    @Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true, header = "Remove one or more volumes",
            customSynopsis = "peapod volume rm [options] VOLUME [VOLUME...]")
    public static final class Rm extends EngineCommand implements ExitCodes.Removal {
        @Option(names = {"-a", "--all"}, description = "Remove all volumes")
        boolean all;

        @Option(names = {"-f", "--force"}, description = "Remove a volume by force, even if it is being used by a "
                + "container")
        boolean force;

        @Option(names = {"-t", "--time"}, paramLabel = "int", defaultValue = "-1",
                description = "Seconds to wait for running containers to stop before killing the container")
        int time;

        @Parameters(paramLabel = "VOLUME", arity = "0..*", description = "Volume names")
        List<String> volumes = new ArrayList<>();

        @Override
        public Integer call() {
            requireTargets(volumes, all, false);
            Volumes vs = runtime().volumes();
            List<String> names = all ? vs.list().stream().map(Volume::name).toList() : volumes;
            int code = 0;
            for (String n : names) {
                try {
                    String full = vs.get(n).name();
                    vs.remove(full, force, time);
                    out().println(full);
                } catch (PeapodException e) {
                    err().println("Error: " + ExitCodes.message(e));
                    code = code == 0 ? ExitCodes.ofRemoval(e) : ExitCodes.combine(code, ExitCodes.ofRemoval(e));
                }
            }
            out().flush();
            err().flush();
            return code;
        }
    }

    /** {@code peapod volume prune}: removes every volume no container uses. */
    @Command(name = "prune", mixinStandardHelpOptions = true, header = "Remove all unused volumes",
            customSynopsis = "peapod volume prune [options]")
    public static final class Prune extends EngineCommand {
        @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
        boolean force;

        @Option(names = "--filter", paramLabel = "stringArray", description = "Provide filter values (e.g. "
                + "'label=<key>=<value>')")
        List<String> filters = new ArrayList<>();

        @Override
        public Integer call() {
            Predicate<Volume> keep = dev.peapod.cli.PruneFilters.of(filters, (Volume v) -> v.config().labels(),
                    v -> v.config().created());
            Volumes vs = runtime().volumes();
            if (!force && !dev.peapod.cli.Confirm.ask(request(), "WARNING! This will remove all volumes not used by at "
                    + "least one container. The following volumes will be removed:\n" + String.join("\n", vs.list()
                    .stream().filter(keep).filter(v -> vs.users(v.name()).isEmpty()).map(Volume::name).toList())
                    + "\nAre you sure you want to continue? [y/N] ")) {
                return 0;
            }
            return dev.peapod.cli.system.Pruned.print(runtime().prune().volumes(keep), null, out(), err());
        }
    }

    /** {@code peapod volume exists}: exit 0 if the volume exists, 1 if not. */
    @Command(name = "exists", mixinStandardHelpOptions = true, header = "Check if volume exists",
            customSynopsis = "peapod volume exists VOLUME")
    public static final class Exists extends EngineCommand {
        @Parameters(paramLabel = "VOLUME", arity = "1", description = "Volume name")
        String volume;

        @Override
        public Integer call() {
            return runtime().volumes().exists(volume) ? ExitCodes.OK : ExitCodes.DOES_NOT_EXIST;
        }
    }
}
