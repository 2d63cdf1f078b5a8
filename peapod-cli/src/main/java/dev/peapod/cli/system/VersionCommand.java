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
     * podman 4.3's {@code Client} document, key for key.
     *
     * @param apiVersion the version of the REST API peapod serves, the same as {@code version}
     * @param version    peapod's version
     * @param goVersion  the runtime peapod was built for: the JVM's version (podman's key name kept for scripts)
     * @param gitCommit  the commit it was built from ("" when unknown)
     * @param builtTime  when the jar was built, as Go's {@code time.ANSIC}
     * @param built      when the jar was built, seconds since the epoch
     * @param osArch     os/arch as Go names them, e.g. {@code linux/amd64}
     * @param os         the OS name
     */
    public record Client(@JsonProperty("APIVersion") String apiVersion, String version, String goVersion,
                         String gitCommit, String builtTime, long built, @JsonProperty("OsArch") String osArch,
                         String os) {
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
        java.time.Instant built;
        try {
            built = java.time.Instant.parse(BuildInfo.built());
        } catch (java.time.format.DateTimeParseException e) {
            built = java.time.Instant.EPOCH;
        }
        String ansic = java.time.format.DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT)
                .format(built.atOffset(java.time.ZoneOffset.UTC));
        return new VersionReport(new Client(version, version, "java" + Runtime.version(), "", ansic,
                built.getEpochSecond(), os + "/" + arch, os));
    }

    @Override
    public Integer call() {
        VersionReport r = report();
        out().print(Output.single(format.template, r, v -> Table.align(String.join("\n", List.of(
                "Client:\tpeapod", "Version:\t" + r.client().version(), "API Version:\t" + r.client().apiVersion(),
                "Java Version:\t" + r.client().goVersion(), "Built:\t" + r.client().builtTime(),
                "OS/Arch:\t" + r.client().osArch())) + "\n")));
        out().flush();
        return 0;
    }
}
