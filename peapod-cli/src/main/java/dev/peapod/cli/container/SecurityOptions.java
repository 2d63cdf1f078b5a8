package dev.peapod.cli.container;

import dev.peapod.core.container.SecurityConfig;
import dev.peapod.core.define.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code create}/{@code run}'s security options, with podman's names and help texts. */
public final class SecurityOptions {
    @Option(names = "--privileged", description = "Give extended privileges to container")
    boolean privileged;

    @Option(names = "--cap-add", paramLabel = "strings", split = ",", description = "Add capabilities to the container")
    List<String> capAdd = new ArrayList<>();

    @Option(names = "--cap-drop", paramLabel = "strings", split = ",",
            description = "Drop capabilities from the container")
    List<String> capDrop = new ArrayList<>();

    @Option(names = "--security-opt", paramLabel = "stringArray", description = "Security Options")
    List<String> securityOpts = new ArrayList<>();

    /**
     * The container's security settings.
     *
     * @throws InvalidArgumentException for an unknown {@code --security-opt} or capability, as podman words it
     */
    public SecurityConfig config() {
        String seccomp = "";
        boolean noNewPrivileges = false;
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < securityOpts.size(); i++) {
            String opt = securityOpts.get(i);
            int eq = opt.indexOf('=') >= 0 ? opt.indexOf('=') : opt.indexOf(':');
            String key = eq < 0 ? opt : opt.substring(0, eq);
            String value = eq < 0 ? "" : opt.substring(eq + 1);
            switch (key) {
                case "seccomp" -> {
                    if (value.isEmpty()) {
                        throw invalid(i, opt);
                    }
                    seccomp = value;
                }
                case "no-new-privileges" -> {
                    if (!value.isEmpty() && !value.equals("true") && !value.equals("false")) {
                        throw invalid(i, opt);
                    }
                    noNewPrivileges = !value.equals("false");
                }
                case "label", "apparmor", "mask", "unmask", "proc-opts", "systempaths" -> labels.add(opt);
                default -> throw invalid(i, opt);
            }
        }
        return new SecurityConfig(privileged, capAdd, capDrop, seccomp, noNewPrivileges, labels);
    }

    private static InvalidArgumentException invalid(int index, String opt) {
        return new InvalidArgumentException("invalid --security-opt " + (index + 1) + ": \"" + opt + "\"");
    }
}
