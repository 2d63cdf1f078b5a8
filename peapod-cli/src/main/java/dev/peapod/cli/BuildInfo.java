package dev.peapod.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** What the build recorded about itself (version, build time), read from a resource Maven fills in. */
public final class BuildInfo {
    private static final String RESOURCE = "/dev/peapod/cli/version.properties";

    private BuildInfo() {
    }

    /** peapod's version, e.g. {@code 0.1.0-SNAPSHOT}; "unknown" if the resource is missing. */
    public static String version() {
        return read().getProperty("version", "unknown");
    }

    /** When the jar was built (UTC, ISO 8601); "unknown" if the resource is missing. */
    public static String built() {
        return read().getProperty("built", "unknown");
    }

    private static Properties read() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read peapod's build information", e);
        }
        return p;
    }

    /** {@code peapod --version}: {@code peapod version X}, as podman's. */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"peapod version " + version()};
        }
    }
}
