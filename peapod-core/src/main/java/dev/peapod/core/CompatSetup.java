package dev.peapod.core;

import dev.peapod.core.container.CompatConfig;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.InvalidStateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The runtime side of a container's {@link CompatConfig} when it is set up: {@code --tz} (the host's zone file
 * copied beside the container's files and bind-mounted at {@code /etc/localtime}, as podman does) and
 * {@code --pid host}.
 */
final class CompatSetup {
    /** Where the host keeps its zone files. */
    static final Path ZONEINFO = Path.of("/usr/share/zoneinfo");

    private CompatSetup() {
    }

    /**
     * Adds {@code /etc/localtime} to {@code mounts} for a container with {@code --tz}.
     *
     * @throws InvalidArgumentException quoting podman's words when the host has no such zone
     */
    static void timezone(CompatConfig c, Path dir, Map<String, String> mounts) throws IOException {
        if (c.timezone().isEmpty()) {
            return;
        }
        Path zone = zoneFile(c);
        Path copy = dir.resolve("localtime");
        Files.copy(zone, copy, StandardCopyOption.REPLACE_EXISTING);
        mounts.put("/etc/localtime", copy.toString());
    }

    /**
     * The host's zone file for {@code --tz} (null for none): checked when the container is created, as podman does.
     *
     * @throws InvalidArgumentException quoting podman's words when the host has no such zone
     */
    static Path zoneFile(CompatConfig c) {
        if (c.timezone().isEmpty()) {
            return null;
        }
        Path zone = c.timezone().equals("local") ? Path.of("/etc/localtime") : ZONEINFO.resolve(c.timezone());
        if (!Files.isRegularFile(zone)) {
            throw new InvalidArgumentException("running container create option: stat " + zone
                    + ": no such file or directory");
        }
        return zone;
    }

    /** {@code --pid host}: the runtime is told to share the host's pid namespace. */
    static void pidNamespace(CompatConfig c, Map<String, String> nsPaths) {
        if (c.pidHost()) {
            nsPaths.put("pid", "host");
        }
    }

    /**
     * The log to read for {@code logs}: {@link Container#logPath()}.
     *
     * @throws InvalidStateException with podman's words for a container whose log driver writes no file
     */
    static Path logToRead(Container c) {
        String driver = c.config().compat().effectiveLogDriver();
        if (!driver.equals("k8s-file")) {
            throw new InvalidStateException("this container is using the '" + driver + "' log driver, cannot read "
                    + "logs: this container is not logging output");
        }
        return c.logPath();
    }
}
