package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.define.InvalidArgumentException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code peapod wait}: blocks until containers stop and prints their exit codes. */
@Command(name = "wait", mixinStandardHelpOptions = true, header = "Block on one or more containers",
        description = "Block until one or more containers stop and then print their exit codes.",
        customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER [CONTAINER...]")
public final class WaitCommand extends EngineCommand {
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    @Option(names = "--condition", paramLabel = "strings", split = ",", defaultValue = "stopped",
            description = "Condition to wait on (default \"stopped\")")
    List<String> conditions = new ArrayList<>();

    @Option(names = {"-i", "--interval"}, paramLabel = "string", defaultValue = "250ms",
            description = "Time Interval to wait before polling for completion (default \"250ms\")")
    String interval;

    @Mixin
    ContainerTargets targets;

    /**
     * Parses a Go duration ({@code 250ms}, {@code 1.5s}, {@code 1m30s}) or a bare number of milliseconds.
     *
     * @throws InvalidArgumentException quoting the input
     */
    static Duration parseInterval(String s) {
        if (s.matches("\\d+")) {
            return Duration.ofMillis(Long.parseLong(s));
        }
        Matcher m = GO_DURATION.matcher(s);
        long nanos = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double v = Double.parseDouble(m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos += (long) (v * unit);
            end = m.end();
        }
        if (end != s.length() || s.isEmpty() || nanos <= 0) {
            throw new InvalidArgumentException("invalid interval \"" + s + "\": use a duration such as 250ms, "
                    + "1s or 1m30s");
        }
        return Duration.ofNanos(nanos);
    }

    @Override
    public Integer call() {
        targets.require(false);
        parseInterval(interval);
        for (String cond : conditions) {
            if (!cond.equals("stopped") && !cond.equals("exited")) {
                throw new InvalidArgumentException("waiting for condition \"" + cond + "\" is not supported yet: "
                        + "use stopped or exited");
            }
        }
        int code = 0;
        for (Containers.Target t : targets.select(this::runtime, false, false)) {
            try {
                out().println(t.container().waitForExit(Duration.ofDays(3650)));
                out().flush();
            } catch (dev.peapod.core.define.PeapodException e) {
                err().println("Error: " + dev.peapod.cli.ExitCodes.message(e));
                err().flush();
                code = dev.peapod.cli.ExitCodes.of(e);
            }
        }
        return code;
    }
}
