package dev.peapod.cli.container;

import dev.peapod.cli.ByteSize;
import dev.peapod.cli.KeyValues;
import dev.peapod.core.container.RunOptions;
import dev.peapod.core.define.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code create}/{@code run}'s kernel, CPU and memory flags with podman's names and help texts: {@code --sysctl},
 * {@code --annotation}, {@code --umask}, {@code --oom-score-adj}, {@code --group-add}, {@code --cpu-shares},
 * {@code --cpu-quota}, {@code --cpu-period}, {@code --cpuset-cpus}, {@code --memory-reservation},
 * {@code --memory-swap}.
 */
public final class RunFlagOptions {
    @Option(names = "--timeout", paramLabel = "uint",
            description = "Maximum length of time a container is allowed to run. The container will be killed "
                    + "automatically after the time expires.")
    long timeout;

    @Option(names = "--userns", paramLabel = "string", description = "User namespace to use")
    String userns;

    @Option(names = "--sysctl", paramLabel = "strings", description = "Sysctl options")
    List<String> sysctls = new ArrayList<>();

    @Option(names = "--annotation", paramLabel = "stringArray",
            description = "Add annotations to container (key=value)")
    List<String> annotations = new ArrayList<>();

    @Option(names = "--umask", paramLabel = "string", description = "Set umask in container (default \"0022\")")
    String umask;

    @Option(names = "--oom-score-adj", paramLabel = "int", description = "Tune the host's OOM preferences (-1000 to 1000)")
    Integer oomScoreAdj;

    @Option(names = "--group-add", paramLabel = "strings", split = ",",
            description = "Add additional groups to the primary container process. 'keep-groups' allows container "
                    + "processes to use supplementary groups.")
    List<String> groupAdd = new ArrayList<>();

    @Option(names = {"-c", "--cpu-shares"}, paramLabel = "uint", description = "CPU shares (relative weight)")
    long cpuShares;

    @Option(names = "--cpu-quota", paramLabel = "int", description = "Limit the CPU Completely Fair Scheduler (CFS) quota")
    long cpuQuota;

    @Option(names = "--cpu-period", paramLabel = "uint",
            description = "Limit the CPU Completely Fair Scheduler (CFS) period")
    long cpuPeriod;

    @Option(names = "--cpuset-cpus", paramLabel = "string", description = "CPUs in which to allow execution (0-3, 0,1)")
    String cpusetCpus;

    @Option(names = "--memory-reservation", paramLabel = "string", converter = ByteSize.Converter.class,
            description = "Memory soft limit (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), "
                    + "m (mebibytes), or g (gibibytes))")
    ByteSize memoryReservation;

    @Option(names = "--memory-swap", paramLabel = "string",
            description = "Swap limit equal to memory plus swap: '-1' to enable unlimited swap")
    String memorySwap;

    /**
     * These flags with {@code expose} as the container's further run settings.
     *
     * @throws InvalidArgumentException for a malformed value, or a setting peapod does not support, saying so
     */
    RunOptions options(List<String> expose, boolean memoryLimited, int preserveFds) {
        if (userns != null && !userns.isEmpty() && !userns.equals("host")) {
            if (userns.equals("keep-id")) {
                throw new InvalidArgumentException("keep-id is only supported in rootless mode");
            }
            throw new InvalidArgumentException("--userns=" + userns + " is not supported: peapod runs containers in "
                    + "the host's user namespace (--userns=host, podman's default as root)");
        }
        List<Long> gids = new ArrayList<>();
        for (String g : groupAdd) {
            try {
                gids.add(Long.parseLong(g.strip()));
            } catch (NumberFormatException e) {
                throw new InvalidArgumentException("--group-add " + g + " is not supported: give a numeric group id "
                        + "(group names and keep-groups are not supported)");
            }
        }
        long swap = 0;
        if (memorySwap != null) {
            swap = memorySwap.strip().equals("-1") ? -1 : ByteSize.parse(memorySwap).bytes();
            if (!memoryLimited) {
                throw new InvalidArgumentException("you should always set a memory limit when using a memoryswap limit, see usage");
            }
        }
        return new RunOptions(expose, KeyValues.parse(sysctls, "sysctl"), KeyValues.parse(annotations, "annotation"),
                umask, oomScoreAdj, gids, cpuShares, cpuQuota, cpuPeriod, cpusetCpus,
                memoryReservation == null ? 0 : memoryReservation.bytes(), swap, timeout, preserveFds);
    }
}
