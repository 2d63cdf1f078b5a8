package dev.peapod.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.cli.format.Template;
import dev.peapod.cli.format.TemplateException;
import dev.peapod.core.define.AlreadyExistsException;
import dev.peapod.core.define.CannotInvokeException;
import dev.peapod.core.define.CommandNotFoundException;
import dev.peapod.core.define.ContainerRemovedException;
import dev.peapod.core.define.DependencyCycleException;
import dev.peapod.core.define.ErrorKind;
import dev.peapod.core.define.InUseException;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.InvalidStateException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.define.NoSuchImageException;
import dev.peapod.core.define.NoSuchPodException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.define.PodRemovedException;
import dev.peapod.core.define.RuntimeFailureException;
import dev.peapod.core.define.StateCorruptException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExitCodesTest {
    @Test
    void engineErrorsAre125() {
        for (PeapodException e : List.of(new NoSuchPodException("no pod"), new NoSuchContainerException("x"),
                new NoSuchImageException("x"), new PodRemovedException("x"), new ContainerRemovedException("x"),
                new InvalidStateException("x"), new AlreadyExistsException("x"), new InUseException("x"),
                new DependencyCycleException("x"), new InvalidArgumentException("x"), new StateCorruptException("x"),
                new NotImplementedException("pod x"), new MissingCommandException("peapod"))) {
            assertThat(ExitCodes.of(e)).as(e.getClass().getSimpleName()).isEqualTo(125);
        }
        assertThat(ExitCodes.of(new IllegalStateException("bug"))).isEqualTo(125);
        assertThat(ExitCodes.of(new RuntimeFailureException("runc create failed", List.of("runc", "create"), 1,
                "container_linux.go: cgroup not found"))).isEqualTo(125);
    }

    @Test
    void commandNotFoundIs127AndNotExecutableIs126() {
        // the runtime's words are classified in core's oci package (RuntimeErrorsTest); the CLI reads the kind
        CommandNotFoundException notFound = new CommandNotFoundException("runc start failed", List.of("runc"), 1,
                "exec: \"nosuch\": executable file not found in $PATH");
        assertThat(ExitCodes.of(notFound)).isEqualTo(127);
        CommandNotFoundException noFile = new CommandNotFoundException("runc start failed", List.of("runc"), 1,
                "exec /bin/nosuch: no such file or directory");
        assertThat(ExitCodes.of(noFile)).isEqualTo(127);
        CannotInvokeException denied = new CannotInvokeException("runc start failed", List.of("runc"), 1,
                "exec /etc/passwd: permission denied");
        assertThat(ExitCodes.of(denied)).isEqualTo(126);
    }

    @Test
    void theMessageNoLongerDecides() {
        RuntimeFailureException words = new RuntimeFailureException("runc start failed", List.of("runc"), 1,
                "exec: \"nosuch\": executable file not found in $PATH");
        assertThat(ExitCodes.of(words)).as("an unclassified runtime failure is an engine error").isEqualTo(125);
        assertThat(ExitCodes.of(new InvalidArgumentException("permission denied"))).isEqualTo(125);
        for (ErrorKind k : ErrorKind.values()) {
            assertThat(k.exitCode()).as(k.name()).isIn(125, 126, 127);
        }
    }

    @Test
    void reportPrintsOneErrorLineWithoutStackTrace() {
        StringWriter sw = new StringWriter();
        int code = ExitCodes.report(new NoSuchPodException("no pod with name or ID web found"), new PrintWriter(sw),
                false);
        assertThat(code).isEqualTo(125);
        assertThat(sw.toString()).isEqualTo("Error: no pod with name or ID web found\n");
    }

    @Test
    void unexpectedExceptionsNameTheirKind() {
        assertThat(ExitCodes.message(new IllegalStateException("boom"))).isEqualTo("boom (IllegalStateException)");
        assertThat(ExitCodes.message(new NullPointerException())).isEqualTo("java.lang.NullPointerException");
    }

    @Test
    void badTemplatesAreReportedWithTheirPosition() {
        Cli.Result r = Cli.run("version", "--format", "{{.Client.Version");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("Error: template \"{{.Client.Version\": position 1: unclosed action\n");
        assertThatThrownBy(() -> Template.parse("{{")).isInstanceOf(TemplateException.class)
                .satisfies(e -> assertThat(ExitCodes.of(e)).isEqualTo(125));
        Cli.Result missing = Cli.run("version", "--format", "{{.Nope}}");
        assertThat(missing.err()).isEqualTo(
                "Error: template \"{{.Nope}}\": position 3: can't evaluate field Nope in type VersionReport\n");
    }
}
