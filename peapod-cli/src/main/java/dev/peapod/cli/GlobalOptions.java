package dev.peapod.cli;

import java.nio.file.Path;

/**
 * peapod's global options.
 *
 * @param root      where data (state database, images, container storage) is kept
 * @param runroot   where run-time state (locks, bundles, exit files) is kept; lost on reboot
 * @param logLevel  one of {@link PeapodCommand#LOG_LEVELS}, lower-case
 * @param runtime   path of the OCI runtime (runc), or null for the default found on the PATH
 * @param conmon    path of conmon, or null for the default
 * @param namespace libpod namespace to work in, or null for the default
 */
public record GlobalOptions(String root, String runroot, String logLevel, String runtime, String conmon,
                            String namespace) {

    /** Whether errors should carry their stack traces ({@code --log-level=debug} or {@code trace}). */
    public boolean debug() {
        return "debug".equals(logLevel) || "trace".equals(logLevel);
    }

    public Path rootPath() {
        return Path.of(root);
    }

    public Path runrootPath() {
        return Path.of(runroot);
    }
}
