package dev.peapod.cli.system;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.peapod.cli.BuildInfo;
import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.OutputFormat;
import dev.peapod.cli.format.Output;
import dev.peapod.cli.format.Table;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code peapod version}: the version of peapod and of the Java runtime it runs on. */
@Command(name = "version", mixinStandardHelpOptions = true, header = "Display the peapod version information",
        customSynopsis = "peapod version [options]")
public final class VersionCommand extends EngineCommand {
    @Mixin
    OutputFormat format;

    /** What {@code version --format json} prints; templates see the same fields ({@code {{.Client.Version}}}). */
    public record VersionReport(Client client) {
    }

    /**
     * @param version     peapod's version
     * @param apiVersion  the version of the (future) REST API, the same as {@code version}
     * @param javaVersion the JVM's version
     * @param builtTime   when the jar was built, as a date
     * @param osArch      os/arch as Go names them, e.g. {@code linux/amd64}
     * @param os          the OS name
     */
    public record Client(String version, @JsonProperty("APIVersion") String apiVersion, String javaVersion,
                         String builtTime, @JsonProperty("OsArch") String osArch, String os) {
    }

    /** The running peapod's version report. */
    public static VersionReport report() {
        String version = BuildInfo.version();
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = switch (System.getProperty("os.arch")) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> System.getProperty("os.arch");
        };
        return new VersionReport(new Client(version, version, Runtime.version().toString(), BuildInfo.built(),
                os + "/" + arch, os));
    }

    @Override
    public Integer call() {
        VersionReport r = report();
        out().print(Output.single(format.template, r, v -> Table.align(String.join("\n", List.of(
                "Client:\tpeapod", "Version:\t" + r.client().version(), "API Version:\t" + r.client().apiVersion(),
                "Java Version:\t" + r.client().javaVersion(), "Built:\t" + r.client().builtTime(),
                "OS/Arch:\t" + r.client().osArch())) + "\n")));
        out().flush();
        return 0;
    }
}
