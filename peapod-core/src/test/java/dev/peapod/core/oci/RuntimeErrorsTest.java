package dev.peapod.core.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.define.ErrorKind;
import dev.peapod.core.define.RuntimeFailureException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** runc's own words, through conmon or from {@code runc start}, become typed failures in one place. */
class RuntimeErrorsTest {
    private static final List<String> CMD = List.of("runc", "start", "x");

    private static ErrorKind kindOf(String stderr) {
        return RuntimeErrors.classify("runc start x failed", CMD, 1, stderr).kind();
    }

    @Test
    void commandNotFoundIs127AndNotExecutableIs126() {
        assertThat(kindOf("exec: \"nosuch\": executable file not found in $PATH")).isEqualTo(
                ErrorKind.COMMAND_NOT_FOUND);
        assertThat(kindOf("runc create failed: unable to start container process: exec: \"/bin/nosuch\": stat "
                + "/bin/nosuch: no such file or directory")).isEqualTo(ErrorKind.COMMAND_NOT_FOUND);
        assertThat(kindOf("exec /bin/nosuch: No such file or directory")).isEqualTo(ErrorKind.COMMAND_NOT_FOUND);
        assertThat(kindOf("exec /etc/passwd: permission denied")).isEqualTo(ErrorKind.CANNOT_INVOKE);
        assertThat(kindOf("exec: operation not permitted")).isEqualTo(ErrorKind.CANNOT_INVOKE);
        assertThat(ErrorKind.COMMAND_NOT_FOUND.exitCode()).isEqualTo(127);
        assertThat(ErrorKind.CANNOT_INVOKE.exitCode()).isEqualTo(126);
    }

    @Test
    void otherFailuresStayPlainRuntimeFailuresWithTheRuntimesWords() {
        RuntimeFailureException e = RuntimeErrors.classify("runc create failed for container x", CMD, -1,
                "container_linux.go: cgroup not found");
        assertThat(e.kind()).isEqualTo(ErrorKind.RUNTIME_FAILURE);
        assertThat(e.getClass()).isEqualTo(RuntimeFailureException.class);
        assertThat(e.getMessage()).isEqualTo("runc create failed for container x: container_linux.go: cgroup not found");
        assertThat(e.command()).isEqualTo(CMD);
        assertThat(e.exitCode()).isEqualTo(-1);
        assertThat(RuntimeErrors.classify("x", CMD, 1, null).kind()).isEqualTo(ErrorKind.RUNTIME_FAILURE);
    }
}
