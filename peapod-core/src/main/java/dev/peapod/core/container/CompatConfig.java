package dev.peapod.core.container;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The container settings podman's scripts pass that change how the container's process is run and logged:
 * {@code --log-driver}/{@code --log-opt}, {@code --conmon-pidfile}, {@code --tz} and {@code --pid host}.
 *
 * @param logDriver     {@code k8s-file} (the default, also for ""), {@code none} or {@code passthrough} (no log
 *                      kept; the output reaches an attached caller only, as the caller's stdio is not conmon's
 *                      here); {@code journald} is refused: peapod's logs are files
 * @param logPath       {@code --log-opt path=}: where the k8s-file log is written ("" for the store's place)
 * @param logSizeMax    {@code --log-opt max-size=}: bytes after which conmon truncates the log (0: no limit)
 * @param logTag        {@code --log-opt tag=}: conmon's log tag ("" for none)
 * @param conmonPidFile {@code --conmon-pidfile}: a file conmon's pid is also written to ("" for none)
 * @param timezone      {@code --tz}: "" (the image's), {@code local} (the host's) or a zone of the host's
 *                      {@code /usr/share/zoneinfo}, copied to the container's {@code /etc/localtime}
 * @param pidHost       {@code --pid host}: the container shares the host's pid namespace
 * @param run           the further run flags ({@link RunOptions#DEFAULT} when null)
 */
public record CompatConfig(String logDriver, String logPath, long logSizeMax, String logTag, String conmonPidFile,
                           String timezone, boolean pidHost, RunOptions run) {
    private static final List<String> DRIVERS = List.of("", "k8s-file", "none", "passthrough");
    /** The defaults: a k8s-file log in the store, no pid file, the image's time zone, a pid namespace of its own. */
    public static final CompatConfig DEFAULT = new CompatConfig("", "", 0, "", "", "", false,
            RunOptions.DEFAULT);

    /** @throws InvalidArgumentException for a log driver conmon does not have here, or a bad time zone name */
    public CompatConfig {
        logDriver = Objects.requireNonNullElse(logDriver, "");
        logPath = Objects.requireNonNullElse(logPath, "");
        logTag = Objects.requireNonNullElse(logTag, "");
        conmonPidFile = Objects.requireNonNullElse(conmonPidFile, "");
        timezone = Objects.requireNonNullElse(timezone, "");
        run = Objects.requireNonNullElse(run, RunOptions.DEFAULT);
        if (logDriver.equals("journald")) {
            throw new InvalidArgumentException("the journald log driver is not supported: peapod keeps container "
                    + "logs in files (use k8s-file, none or passthrough)");
        }
        if (!DRIVERS.contains(logDriver)) {
            throw new InvalidArgumentException("running container create option: invalid log driver: invalid "
                    + "argument (" + logDriver + ": use k8s-file, none or passthrough)");
        }
        if (logSizeMax < 0) {
            throw new InvalidArgumentException("log max-size " + logSizeMax + " must not be negative");
        }
        if (!logPath.isEmpty() && !logPath.startsWith("/")) {
            throw new InvalidArgumentException("log path \"" + logPath + "\" must be absolute");
        }
        if (!conmonPidFile.isEmpty() && !conmonPidFile.startsWith("/")) {
            throw new InvalidArgumentException("conmon pid file \"" + conmonPidFile + "\" must be absolute");
        }
        if (timezone.contains("..") || timezone.startsWith("/")) {
            throw new InvalidArgumentException("invalid time zone \"" + timezone + "\": a name under "
                    + "/usr/share/zoneinfo or local");
        }
    }

    /** The settings without the further run flags ({@link RunOptions#DEFAULT}). */
    public CompatConfig(String logDriver, String logPath, long logSizeMax, String logTag, String conmonPidFile,
                        String timezone, boolean pidHost) {
        this(logDriver, logPath, logSizeMax, logTag, conmonPidFile, timezone, pidHost, RunOptions.DEFAULT);
    }

    /** This config with the further run flags replaced. */
    public CompatConfig withRun(RunOptions r) {
        return new CompatConfig(logDriver, logPath, logSizeMax, logTag, conmonPidFile, timezone, pidHost, r);
    }

    /** The driver in effect: {@code k8s-file} when none was given. */
    public String effectiveLogDriver() {
        return logDriver.isEmpty() ? "k8s-file" : logDriver;
    }

    /** The flat string form kept in the state database; {@link #fromFields} reads it back. */
    public Map<String, String> toFields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("logDriver", logDriver);
        f.put("logPath", logPath);
        f.put("logSizeMax", Long.toString(logSizeMax));
        f.put("logTag", logTag);
        f.put("conmonPidFile", conmonPidFile);
        f.put("timezone", timezone);
        f.put("pidHost", Boolean.toString(pidHost));
        f.putAll(run.toFields());
        return f;
    }

    /**
     * Reads {@link #toFields}' form; a null or empty map is {@link #DEFAULT}.
     *
     * @throws NumberFormatException if the size does not parse
     */
    public static CompatConfig fromFields(Map<String, String> f) {
        if (f == null || f.isEmpty()) {
            return DEFAULT;
        }
        return new CompatConfig(f.get("logDriver"), f.get("logPath"), Long.parseLong(f.getOrDefault("logSizeMax",
                "0")), f.get("logTag"), f.get("conmonPidFile"), f.get("timezone"),
                Boolean.parseBoolean(f.get("pidHost")), RunOptions.fromFields(f));
    }
}
