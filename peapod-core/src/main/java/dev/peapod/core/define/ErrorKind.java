package dev.peapod.core.define;

/**
 * What kind of failure an error is, and the one table that turns each kind into podman's exit code and the REST
 * API's HTTP status (libpod's {@code define/errors.go} sentinels and its API's error mapping, in one place). Every
 * front end asks {@link #of} and reads {@link #exitCode()} or {@link #httpStatus()}; none matches messages.
 *
 * <table>
 *   <caption>Kinds</caption>
 *   <tr><th>kind</th><th>exceptions</th><th>exit</th><th>HTTP</th></tr>
 *   <tr><td>{@link #NO_SUCH_OBJECT}</td><td>{@link NoSuchObjectException} and its subclasses</td><td>125</td>
 *       <td>404</td></tr>
 *   <tr><td>{@link #REMOVED}</td><td>{@link ContainerRemovedException}, {@link PodRemovedException}</td>
 *       <td>125</td><td>404</td></tr>
 *   <tr><td>{@link #ALREADY_EXISTS}</td><td>{@link AlreadyExistsException}</td><td>125</td><td>409</td></tr>
 *   <tr><td>{@link #IN_USE}</td><td>{@link InUseException}</td><td>125</td><td>409</td></tr>
 *   <tr><td>{@link #ALREADY_IN_STATE}</td><td>{@link AlreadyInStateException}</td><td>125</td><td>304</td></tr>
 *   <tr><td>{@link #INVALID_STATE}</td><td>{@link InvalidStateException}</td><td>125</td><td>409</td></tr>
 *   <tr><td>{@link #INVALID_ARGUMENT}</td><td>{@link InvalidArgumentException} (and
 *       {@link DependencyCycleException})</td><td>125</td><td>400</td></tr>
 *   <tr><td>{@link #COMMAND_NOT_FOUND}</td><td>{@link CommandNotFoundException}</td><td>127</td><td>500</td></tr>
 *   <tr><td>{@link #CANNOT_INVOKE}</td><td>{@link CannotInvokeException}</td><td>126</td><td>500</td></tr>
 *   <tr><td>{@link #RUNTIME_FAILURE}</td><td>{@link RuntimeFailureException}</td><td>125</td><td>500</td></tr>
 *   <tr><td>{@link #STATE_CORRUPT}</td><td>{@link StateCorruptException}</td><td>125</td><td>500</td></tr>
 *   <tr><td>{@link #INTERNAL}</td><td>any other exception: a peapod bug or an unexpected JDK error</td>
 *       <td>125</td><td>500</td></tr>
 * </table>
 *
 * <p>Exit codes 1 and 2 are not kinds: podman's {@code exists} commands answer 1 for a missing object, and
 * that is the command's answer, not an error. The removal commands ({@code rm}, {@code pod rm}, {@code network rm},
 * {@code volume rm}, {@code rmi}) exit with {@link #removalExitCode()} instead: 1 for an object that does not
 * exist, 2 for one that is running or in use, as podman's, which scripts test for.
 */
public enum ErrorKind {
    /** No container, pod, image or network has that name or id. */
    NO_SUCH_OBJECT(125, 404, 1),
    /** The object was removed by another command while this one worked on it. */
    REMOVED(125, 404, 125),
    /** The name or id is taken. */
    ALREADY_EXISTS(125, 409, 125),
    /** The object is used by another one (an image by a container, a network by a pod). */
    IN_USE(125, 409, 2),
    /** The object is already in the state asked for (start of a running container): HTTP's "not modified". */
    ALREADY_IN_STATE(125, 304, 125),
    /** The object's state does not allow the operation (remove a running container without force). */
    INVALID_STATE(125, 409, 2),
    /** The request itself is wrong: a bad flag value, name, reference or template. */
    INVALID_ARGUMENT(125, 400, 125),
    /** The OCI runtime could not find the container's command (podman's {@code ErrOCIRuntimeNotFound}). */
    COMMAND_NOT_FOUND(127, 500, 127),
    /** The OCI runtime found the container's command but may not run it (podman's permission-denied error). */
    CANNOT_INVOKE(126, 500, 126),
    /** An external program (OCI runtime, conmon, netavark) or a system call failed. */
    RUNTIME_FAILURE(125, 500, 125),
    /** The state database holds something this version cannot read. */
    STATE_CORRUPT(125, 500, 125),
    /** Anything else: a bug, or an error no kind describes. */
    INTERNAL(125, 500, 125);

    private final int exitCode;
    private final int httpStatus;
    private final int removalExitCode;

    ErrorKind(int exitCode, int httpStatus, int removalExitCode) {
        this.exitCode = exitCode;
        this.httpStatus = httpStatus;
        this.removalExitCode = removalExitCode;
    }

    /**
     * The exit code of a removal command ({@code rm}, {@code pod rm}, {@code network rm}, {@code volume rm},
     * {@code rmi}) that ended with this kind of error: 1 for {@link #NO_SUCH_OBJECT}, 2 for {@link #INVALID_STATE}
     * (running) and {@link #IN_USE}, else {@link #exitCode()}.
     */
    public int removalExitCode() {
        return removalExitCode;
    }

    /**
     * The exit code of {@code run} when starting the container it has just created failed with this kind of error
     * (a held host port, a missing {@code --workdir}, a runtime error; the container stays created): 127 when the
     * command was not found, else 126, as podman's {@code define.ExitCode} answers for {@code run}.
     */
    public int runStartExitCode() {
        return this == COMMAND_NOT_FOUND ? 127 : 126;
    }

    /** podman's exit code for a command that ended with this kind of error: 125, or 126/127 for the command. */
    public int exitCode() {
        return exitCode;
    }

    /** The HTTP status the REST API answers with for this kind of error. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The kind of {@code t}: by its class, the most specific first; {@link #INTERNAL} for any other throwable. */
    public static ErrorKind of(Throwable t) {
        return switch (t) {
            case NoSuchObjectException e -> NO_SUCH_OBJECT;
            case ContainerRemovedException e -> REMOVED;
            case PodRemovedException e -> REMOVED;
            case AlreadyExistsException e -> ALREADY_EXISTS;
            case InUseException e -> IN_USE;
            case AlreadyInStateException e -> ALREADY_IN_STATE;
            case InvalidStateException e -> INVALID_STATE;
            case InvalidArgumentException e -> INVALID_ARGUMENT;
            case CommandNotFoundException e -> COMMAND_NOT_FOUND;
            case CannotInvokeException e -> CANNOT_INVOKE;
            case RuntimeFailureException e -> RUNTIME_FAILURE;
            case StateCorruptException e -> STATE_CORRUPT;
            case null, default -> INTERNAL;
        };
    }
}
