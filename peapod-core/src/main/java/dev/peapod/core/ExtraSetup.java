package dev.peapod.core;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ExtraConfig;
import dev.peapod.core.define.InvalidArgumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.peapod.core.container.SecretSpec;

/**
 * The runtime side of a container's {@link ExtraConfig} when it is created and set up: {@code --init}'s binary,
 * {@code --ipc host}, {@code --uts host} and {@code --cgroupns}, as podman 4.3.1 sets them up.
 */
final class ExtraSetup {
    private ExtraSetup() {
    }

    /**
     * What is checked when the container is created, in podman's words.
     *
     * @throws InvalidArgumentException when {@code --init}'s binary is not on the host, or a namespace mode
     *                                  conflicts with a namespace the container joins
     */
    static void check(Engine engine, ContainerConfig c) {
        dev.peapod.core.state.State state = engine.state();
        ExtraConfig x = c.extra();
        for (String s : x.secrets()) {
            secrets(engine).get(SecretSpec.parse(s).name()); // podman's "no secret with name or id ..."
        }
        if (x.init() && !Files.exists(Path.of(x.initPath()))) {
            throw new InvalidArgumentException("container-init binary not found on the host: stat " + x.initPath()
                    + ": no such file or directory");
        }
        x.resources().throttledDevices().forEach(dev.peapod.core.oci.CgroupExtrasSpec::deviceNumber);
        dev.peapod.core.oci.DeviceSpec.check(x);
        String ipcOwner = c.namespaceJoins().get("ipc");
        if (ipcOwner != null && c.podId() == null) {
            ContainerConfig owner = state.container(ipcOwner).orElse(null);
            if (owner != null && !owner.infra() && !owner.extra().ipc().equals("shareable")) {
                throw new InvalidArgumentException(nonShareable(ipcOwner));
            }
        }
        if (!x.ipc().isEmpty() && c.namespaceJoins().containsKey("ipc")
                || !x.uts().isEmpty() && c.namespaceJoins().containsKey("uts")) {
            throw new InvalidArgumentException("invalid config provided: --ipc/--uts cannot be set for a container "
                    + "that joins " + (c.podId() != null ? "its pod's" : "another container's") + " namespace");
        }
    }

    /** podman 4.3.1's words for {@code --ipc container:ID} of a container whose /dev/shm is its own. */
    static String nonShareable(String ownerId) {
        return "joining IPC of container " + ownerId + " is not allowed: non-shareable IPC (hint: use "
                + "IpcMode:shareable for the donor container)";
    }

    private static dev.peapod.core.secret.SecretStore secrets(Engine engine) {
        return new dev.peapod.core.secret.SecretStore(engine.options().root().resolve("secrets"));
    }

    /**
     * Writes each {@code --secret} of type mount into {@code dir/secrets} (its mode and owner) and adds its bind
     * mount at the target.
     */
    static void secretMounts(Engine engine, ContainerConfig c, Path dir, Map<String, String> mounts)
            throws java.io.IOException {
        for (String s : c.extra().secrets()) {
            SecretSpec spec = SecretSpec.parse(s);
            if (spec.env()) {
                continue;
            }
            Path files = Files.createDirectories(dir.resolve("secrets"));
            Path f = files.resolve(secrets(engine).get(spec.name()).id());
            Files.deleteIfExists(f);
            Files.write(f, secrets(engine).data(spec.name()));
            Files.setAttribute(f, "unix:uid", spec.uid());
            Files.setAttribute(f, "unix:gid", spec.gid());
            Files.setPosixFilePermissions(f, permissions(spec.mode()));
            mounts.put(spec.target(), f.toString());
        }
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions(int mode) {
        java.util.Set<java.nio.file.attribute.PosixFilePermission> out = new java.util.HashSet<>();
        java.nio.file.attribute.PosixFilePermission[] all = java.nio.file.attribute.PosixFilePermission.values();
        for (int bit = 0; bit < 9; bit++) { // OWNER_READ is the first value, 0400
            if ((mode & (0400 >> bit)) != 0) {
                out.add(all[bit]);
            }
        }
        return out;
    }

    /** The config the runtime is given: with each {@code --secret} of type env as a variable holding its data. */
    static ContainerConfig withSecretEnv(Engine engine, ContainerConfig c) {
        List<String> env = new ArrayList<>(c.env());
        for (String s : c.extra().secrets()) {
            SecretSpec spec = SecretSpec.parse(s);
            if (spec.env()) {
                env.add(spec.target() + "=" + new String(secrets(engine).data(spec.name()),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return env.size() == c.env().size() ? c : c.toBuilder().env(env).build();
    }

    /** Adds the init binary's mount, the host's /dev/shm for {@code --ipc host}, and the namespace modes. */
    static void apply(ExtraConfig x, Map<String, String> mounts, Map<String, String> nsPaths) {
        if (x.init()) {
            mounts.put(ExtraConfig.INIT_DEST, x.initPath());
        }
        if (x.ipc().equals("host")) {
            nsPaths.put("ipc", "host");
            mounts.put("/dev/shm", "/dev/shm");
        }
        if (x.uts().equals("host")) {
            nsPaths.put("uts", "host");
        }
        switch (x.cgroupns()) {
            case "host" -> nsPaths.put("cgroup", "host");
            case "private" -> nsPaths.put("cgroup", "");
            default -> { }
        }
    }
}
