package dev.peapod.core.container;

import dev.peapod.core.define.InvalidArgumentException;

/**
 * One {@code --secret NAME[,type=mount|env][,target=T][,uid=N][,gid=N][,mode=N]}, as podman 4.3.1 takes it: a mount
 * (by default) at {@code /run/secrets/NAME}, or at TARGET (a relative one under /run/secrets), read-only, owned by
 * uid:gid with the mode (0444 by default); or an environment variable TARGET (NAME by default) holding the data.
 *
 * @param name   the secret's name or id
 * @param env    {@code type=env}
 * @param target the mount path or the variable name
 * @param uid    the mounted file's owner
 * @param gid    the mounted file's group
 * @param mode   the mounted file's mode
 */
public record SecretSpec(String name, boolean env, String target, int uid, int gid, int mode) {
    /** @throws InvalidArgumentException for a malformed spec */
    public SecretSpec {
        if (name == null || name.isEmpty()) {
            throw new InvalidArgumentException("no secret name given");
        }
        if (!env && !target.startsWith("/")) {
            target = "/run/secrets/" + target;
        }
        if (env && (uid != 0 || gid != 0 || mode != 0444)) {
            throw new InvalidArgumentException("UID, GID, Mode options cannot be set with secret type env");
        }
    }

    /**
     * Parses podman's form.
     *
     * @throws InvalidArgumentException quoting it when malformed
     */
    public static SecretSpec parse(String spec) {
        String[] parts = spec.split(",");
        String name = parts[0];
        boolean env = false;
        String target = null;
        int uid = 0;
        int gid = 0;
        int mode = 0444;
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) {
                throw new InvalidArgumentException("option " + parts[i] + " must be in form option=value");
            }
            String k = parts[i].substring(0, eq);
            String v = parts[i].substring(eq + 1);
            try {
                switch (k) {
                    case "type" -> {
                        if (!v.equals("mount") && !v.equals("env")) {
                            throw new InvalidArgumentException("type " + v + " is invalid: must be mount or env");
                        }
                        env = v.equals("env");
                    }
                    case "target" -> target = v;
                    case "uid" -> uid = Integer.parseInt(v);
                    case "gid" -> gid = Integer.parseInt(v);
                    case "mode" -> mode = Integer.parseInt(v, 8);
                    default -> throw new InvalidArgumentException("option " + k + " invalid");
                }
            } catch (NumberFormatException e) {
                throw new InvalidArgumentException("invalid " + k + " " + v + " in --secret " + spec);
            }
        }
        if (target == null || target.isEmpty()) {
            target = name;
        }
        return new SecretSpec(name, env, target, uid, gid, mode);
    }

    /** The form {@link #parse} reads. */
    @Override
    public String toString() {
        return name + ",type=" + (env ? "env" : "mount") + ",target=" + target
                + (env ? "" : ",uid=" + uid + ",gid=" + gid + ",mode=" + Integer.toOctalString(mode));
    }
}
