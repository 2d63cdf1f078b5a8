package dev.peapod.core.image.registry;

import dev.peapod.core.define.InvalidArgumentException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How peapod talks to registries.
 *
 * @param registriesConf the registries.conf to read (its {@code .d} directory beside it too); a missing file means
 *                       no search registries, no aliases and no insecure registries
 * @param authFile       the auth file ({@code auth.json}) to read credentials from and {@code login} to write to
 * @param tlsVerify      true: HTTPS with verified certificates; false: HTTPS without verification, falling back to
 *                       plain HTTP; null: as registries.conf says ({@code insecure = true}), else verified HTTPS
 * @param credentials    credentials to use instead of the auth file's ({@code --creds}), or null
 * @param connectTimeout how long to wait for a TCP connection
 * @param readTimeout    how long to wait for response headers or for the next bytes of a body
 * @param retries        how many times a broken blob download is resumed or restarted before the pull fails
 * @param parallelism    how many blobs move at once
 */
public record RegistryOptions(Path registriesConf, Path authFile, Boolean tlsVerify, Credentials credentials,
        Duration connectTimeout, Duration readTimeout, int retries, int parallelism) {

    /** Environment variable naming registries.conf, as in the containers tools. */
    public static final String REGISTRIES_CONF_ENV = "CONTAINERS_REGISTRIES_CONF";
    /** Environment variable overriding the read timeout, in seconds (tests use short ones). */
    public static final String TIMEOUT_ENV = "PEAPOD_REGISTRY_TIMEOUT";

    public RegistryOptions {
        registriesConf = Objects.requireNonNullElseGet(registriesConf, RegistryOptions::defaultRegistriesConf);
        authFile = Objects.requireNonNullElseGet(authFile, AuthFile::defaultPath);
        connectTimeout = Objects.requireNonNullElse(connectTimeout, Duration.ofSeconds(30));
        readTimeout = Objects.requireNonNullElseGet(readTimeout, RegistryOptions::defaultReadTimeout);
        if (retries < 0) {
            throw new InvalidArgumentException("retries must be 0 or more, not " + retries);
        }
        if (parallelism < 1) {
            parallelism = 6;
        }
    }

    /**
     * Defaults: files from this process's environment or their standard places, verified TLS unless configured,
     * 3 retries.
     */
    public static RegistryOptions defaults() {
        return new RegistryOptions(null, null, null, null, null, null, 3, 6);
    }

    /**
     * The defaults as a caller with environment {@code env} gets them ({@code $CONTAINERS_REGISTRIES_CONF},
     * {@code $REGISTRY_AUTH_FILE}, {@code $XDG_RUNTIME_DIR}, {@code $PEAPOD_REGISTRY_TIMEOUT}): what a front end
     * serving another process's request uses instead of its own environment.
     *
     * @throws InvalidArgumentException if the timeout variable is not a number
     */
    public static RegistryOptions fromEnvironment(Map<String, String> env) {
        return new RegistryOptions(registriesConf(env.get(REGISTRIES_CONF_ENV)), AuthFile.defaultPath(env), null,
                null, null, readTimeout(env.get(TIMEOUT_ENV)), 3, 6);
    }

    /** A copy with another TLS choice (null: as registries.conf says). */
    public RegistryOptions withTlsVerify(Boolean verify) {
        return new RegistryOptions(registriesConf, authFile, verify, credentials, connectTimeout, readTimeout, retries,
                parallelism);
    }

    /** A copy reading and writing credentials in another auth file. */
    public RegistryOptions withAuthFile(Path file) {
        return new RegistryOptions(registriesConf, file, tlsVerify, credentials, connectTimeout, readTimeout, retries,
                parallelism);
    }

    /** A copy reading another registries.conf. */
    public RegistryOptions withRegistriesConf(Path file) {
        return new RegistryOptions(file, authFile, tlsVerify, credentials, connectTimeout, readTimeout, retries,
                parallelism);
    }

    /** A copy using these credentials instead of the auth file's (null: the auth file's). */
    public RegistryOptions withCredentials(Credentials c) {
        return new RegistryOptions(registriesConf, authFile, tlsVerify, c, connectTimeout, readTimeout, retries,
                parallelism);
    }

    /** A copy with other connect and read timeouts (null: the defaults). */
    public RegistryOptions withTimeouts(Duration connect, Duration read) {
        return new RegistryOptions(registriesConf, authFile, tlsVerify, credentials, connect, read, retries, parallelism);
    }

    /** A copy resuming a broken blob download up to {@code n} times. */
    public RegistryOptions withRetries(int n) {
        return new RegistryOptions(registriesConf, authFile, tlsVerify, credentials, connectTimeout, readTimeout, n,
                parallelism);
    }

    /** {@code $CONTAINERS_REGISTRIES_CONF}, else {@code /etc/containers/registries.conf}. */
    public static Path defaultRegistriesConf() {
        return registriesConf(System.getenv(REGISTRIES_CONF_ENV));
    }

    private static Path registriesConf(String env) {
        return env == null || env.isBlank() ? Path.of("/etc/containers/registries.conf") : Path.of(env);
    }

    private static Duration defaultReadTimeout() {
        return readTimeout(System.getenv(TIMEOUT_ENV));
    }

    private static Duration readTimeout(String env) {
        if (env != null && !env.isBlank()) {
            try {
                return Duration.ofMillis((long) (Double.parseDouble(env) * 1000));
            } catch (NumberFormatException e) {
                throw new InvalidArgumentException(TIMEOUT_ENV + "=\"" + env + "\" is not a number of seconds");
            }
        }
        return Duration.ofSeconds(60);
    }

    /**
     * A user name and password (or identity token) for one registry.
     *
     * @param username user name
     * @param password password or token
     */
    public record Credentials(String username, String password) {
        public Credentials {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        /**
         * Parses {@code --creds USER[:PASSWORD]}.
         *
         * @throws InvalidArgumentException if the user name is empty
         */
        public static Credentials parse(String s) {
            int colon = s.indexOf(':');
            String user = colon < 0 ? s : s.substring(0, colon);
            if (user.isEmpty()) {
                throw new InvalidArgumentException("invalid credentials \"" + s + "\": expected USERNAME[:PASSWORD]");
            }
            return new Credentials(user, colon < 0 ? "" : s.substring(colon + 1));
        }

        @Override
        public String toString() {
            return "Credentials[" + username + "]";
        }
    }
}
