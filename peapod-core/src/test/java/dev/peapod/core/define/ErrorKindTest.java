package dev.peapod.core.define;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one table: every exception kind's exit code and HTTP status, as podman's CLI and API answer. */
class ErrorKindTest {
    private static final List<String> CMD = List.of("runc", "start", "x");

    /** Each exception class with the kind, exit code and HTTP status it must get. */
    private record Row(PeapodException error, ErrorKind kind, int exit, int http) {
    }

    @Test
    void everyExceptionKindHasItsExitCodeAndHttpStatus() {
        List<Row> table = List.of(
                new Row(new NoSuchContainerException("x"), ErrorKind.NO_SUCH_OBJECT, 125, 404),
                new Row(new NoSuchPodException("x"), ErrorKind.NO_SUCH_OBJECT, 125, 404),
                new Row(new NoSuchImageException("x"), ErrorKind.NO_SUCH_OBJECT, 125, 404),
                new Row(new NoSuchObjectException("x"), ErrorKind.NO_SUCH_OBJECT, 125, 404),
                new Row(new ContainerRemovedException("x"), ErrorKind.REMOVED, 125, 404),
                new Row(new PodRemovedException("x"), ErrorKind.REMOVED, 125, 404),
                new Row(new AlreadyExistsException("x"), ErrorKind.ALREADY_EXISTS, 125, 409),
                new Row(new InUseException("x"), ErrorKind.IN_USE, 125, 409),
                new Row(new AlreadyInStateException("x"), ErrorKind.ALREADY_IN_STATE, 125, 304),
                new Row(new InvalidStateException("x"), ErrorKind.INVALID_STATE, 125, 409),
                new Row(new InvalidArgumentException("x"), ErrorKind.INVALID_ARGUMENT, 125, 400),
                new Row(new DependencyCycleException("x"), ErrorKind.INVALID_ARGUMENT, 125, 400),
                new Row(new CommandNotFoundException("x", CMD, 1, "not found"), ErrorKind.COMMAND_NOT_FOUND, 127,
                        500),
                new Row(new CannotInvokeException("x", CMD, 1, "denied"), ErrorKind.CANNOT_INVOKE, 126, 500),
                new Row(new RuntimeFailureException("x", CMD, 1, "boom"), ErrorKind.RUNTIME_FAILURE, 125, 500),
                new Row(new StateCorruptException("x"), ErrorKind.STATE_CORRUPT, 125, 500),
                new Row(new PeapodException("x"), ErrorKind.INTERNAL, 125, 500));
        Map<String, String> wrong = new LinkedHashMap<>();
        for (Row r : table) {
            ErrorKind k = r.error().kind();
            String got = k + " " + k.exitCode() + " " + k.httpStatus();
            String want = r.kind() + " " + r.exit() + " " + r.http();
            if (!got.equals(want)) {
                wrong.put(r.error().getClass().getSimpleName(), "got " + got + ", want " + want);
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(table).extracting(Row::kind).as("every kind but INTERNAL's own class is covered")
                .containsAll(List.of(ErrorKind.values()));
    }

    @Test
    void removalCommandsExitOneForMissingAndTwoForRunningOrInUse() {
        assertThat(new NoSuchContainerException("x").kind().removalExitCode()).isEqualTo(1);
        assertThat(new NoSuchImageException("x").kind().removalExitCode()).isEqualTo(1);
        assertThat(new InvalidStateException("x").kind().removalExitCode()).isEqualTo(2);
        assertThat(new InUseException("x").kind().removalExitCode()).isEqualTo(2);
        for (ErrorKind k : ErrorKind.values()) {
            if (k != ErrorKind.NO_SUCH_OBJECT && k != ErrorKind.INVALID_STATE && k != ErrorKind.IN_USE) {
                assertThat(k.removalExitCode()).as(k.name()).isEqualTo(k.exitCode());
            }
        }
    }

    @Test
    void anythingElseIsInternal() {
        assertThat(ErrorKind.of(new IllegalStateException("bug"))).isEqualTo(ErrorKind.INTERNAL);
        assertThat(ErrorKind.of(new NullPointerException())).isEqualTo(ErrorKind.INTERNAL);
        assertThat(ErrorKind.of(null)).isEqualTo(ErrorKind.INTERNAL);
        assertThat(ErrorKind.INTERNAL.exitCode()).isEqualTo(125);
        assertThat(ErrorKind.INTERNAL.httpStatus()).isEqualTo(500);
    }

    @Test
    void subclassesKeepTheirParentsCatchSites() {
        // callers that catch the broader class still catch the finer kinds
        assertThat(new AlreadyInStateException("x")).isInstanceOf(InvalidStateException.class);
        assertThat(new CommandNotFoundException("x", CMD, 1, "")).isInstanceOf(RuntimeFailureException.class);
        assertThat(new CannotInvokeException("x", CMD, 1, "")).isInstanceOf(RuntimeFailureException.class);
    }
}
