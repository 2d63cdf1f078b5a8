package dev.peapod.cli.container;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code create}/{@code run} flags of podman 4.3.1 for modes peapod cannot carry out on this host, each taken where
 * its value is what peapod does anyway and refused with a clear error (exit 125) otherwise, never ignored:
 * {@code --platform}/{@code --arch}/{@code --os}/{@code --variant} (this host's platform only), {@code --uidmap},
 * {@code --gidmap}, {@code --subuidname}, {@code --subgidname} (no user namespace of its own), {@code --systemd}
 * ({@code always} and a systemd command refused), {@code --cgroups} ({@code enabled} only), {@code --seccomp-policy}
 * ({@code default} only), and {@code --disable-content-trust} (a no-op in podman too).
 */
public final class PlatformOptions {
    @Option(names = "--platform", paramLabel = "string",
            description = "Specify the platform for selecting the image.  (Conflicts with --arch and --os)")
    String platform;

    @Option(names = "--arch", paramLabel = "ARCH",
            description = "use ARCH instead of the architecture of the machine for choosing images")
    String arch;

    @Option(names = "--os", paramLabel = "OS", description = "use OS instead of the running OS for choosing images")
    String os;

    @Option(names = "--variant", paramLabel = "VARIANT",
            description = "Use VARIANT instead of the running architecture variant for choosing images")
    String variant;

    @Option(names = "--uidmap", paramLabel = "strings", description = "UID map to use for the user namespace")
    List<String> uidmap = new ArrayList<>();

    @Option(names = "--gidmap", paramLabel = "strings", description = "GID map to use for the user namespace")
    List<String> gidmap = new ArrayList<>();

    @Option(names = "--subuidname", paramLabel = "string",
            description = "Name of range listed in /etc/subuid for use in user namespace")
    String subuidname;

    @Option(names = "--subgidname", paramLabel = "string",
            description = "Name of range listed in /etc/subgid for use in user namespace")
    String subgidname;

    @Option(names = "--systemd", paramLabel = "string",
            description = "Run container in systemd mode (\"true\"|\"false\"|\"always\") (default \"true\")")
    String systemd;

    @Option(names = "--cgroups", paramLabel = "string",
            description = "control container cgroup configuration (\"enabled\"|\"disabled\"|\"no-conmon\"|\"split\") "
                    + "(default \"enabled\")")
    String cgroups;

    @Option(names = "--seccomp-policy", paramLabel = "string",
            description = "Policy for selecting a seccomp profile (experimental) (default \"default\")")
    String seccompPolicy;

    @Option(names = "--disable-content-trust", description = "This is a Docker specific option and is a NOOP")
    boolean disableContentTrust;

    /** This host's OS and architecture as OCI platforms name them. */
    private static final String HOST_OS = "linux";
    private static final String HOST_ARCH = switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> "amd64";
        case "aarch64" -> "arm64";
        default -> System.getProperty("os.arch");
    };

    /**
     * Checks the flags against what peapod does; {@code command} is the container's command line (for
     * {@code --systemd true}, which acts only on a systemd or init command).
     *
     * @throws InvalidArgumentException for a mode peapod cannot carry out, saying so
     */
    void check(List<String> command) {
        if (platform != null && (arch != null || os != null)) {
            throw new InvalidArgumentException("--platform option can not be specified with --arch or --os");
        }
        String wantOs = os;
        String wantArch = arch;
        if (platform != null && !platform.isEmpty()) {
            String[] p = platform.split("/");
            wantOs = p[0];
            wantArch = p.length > 1 ? p[1] : null;
            if (p.length > 2 && variant == null) {
                variant = p[2];
            }
        }
        if (wantOs != null && !wantOs.isEmpty() && !wantOs.equals(HOST_OS)
                || wantArch != null && !wantArch.isEmpty() && !wantArch.equals(HOST_ARCH)
                || variant != null && !variant.isEmpty()) {
            throw new InvalidArgumentException("image platform " + (wantOs == null ? HOST_OS : wantOs) + "/"
                    + (wantArch == null ? HOST_ARCH : wantArch) + (variant == null ? "" : "/" + variant)
                    + " is not supported: peapod runs images of this host's platform " + HOST_OS + "/" + HOST_ARCH);
        }
        if (!uidmap.isEmpty() || !gidmap.isEmpty() || subuidname != null || subgidname != null) {
            throw new InvalidArgumentException("--uidmap, --gidmap, --subuidname and --subgidname are not supported: "
                    + "peapod runs containers in the host's user namespace (--userns=host)");
        }
        if (systemd != null) {
            if (!List.of("true", "false", "always").contains(systemd)) {
                throw new InvalidArgumentException("invalid config provided: --systemd values must be one of \"true, "
                        + "false, always\": invalid configuration");
            }
            String first = command.isEmpty() ? "" : command.getFirst();
            boolean systemdCommand = first.endsWith("/init") || first.equals("init") || first.endsWith("systemd");
            if (systemd.equals("always") || systemd.equals("true") && systemdCommand) {
                throw new InvalidArgumentException("--systemd=" + systemd + " is not supported: peapod does not run "
                        + "containers in systemd mode (use --systemd=false)");
            }
        }
        if (cgroups != null && !cgroups.equals("enabled")) {
            if (!List.of("disabled", "no-conmon", "split").contains(cgroups)) {
                throw new InvalidArgumentException("running container create option: invalid cgroup mode \"" + cgroups
                        + "\": invalid argument");
            }
            throw new InvalidArgumentException("--cgroups=" + cgroups + " is not supported: peapod puts each "
                    + "container in a cgroup of its own (--cgroups=enabled)");
        }
        if (seccompPolicy != null && !seccompPolicy.equals("default")) {
            if (!seccompPolicy.equals("image")) {
                throw new InvalidArgumentException("invalid seccomp policy \"" + seccompPolicy + "\": valid policies "
                        + "are [\"default\" \"image\"]");
            }
            throw new InvalidArgumentException("--seccomp-policy=image is not supported: peapod applies the default "
                    + "profile or --security-opt seccomp=");
        }
    }
}
