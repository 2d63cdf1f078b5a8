package dev.peapod.api.common;

/**
 * What the service says about itself.
 *
 * @param version peapod's version
 * @param built   when peapod was built
 */
public record ServiceInfo(String version, String built) {
    /** The Docker Engine API version served. */
    public static final String DOCKER_API = "1.41";
    /** The oldest Docker API version a client may ask for. */
    public static final String DOCKER_MIN_API = "1.24";
    /** The libpod API version served: podman 4.3's, which podman's remote client checks. */
    public static final String LIBPOD_API = "4.3.1";
}
