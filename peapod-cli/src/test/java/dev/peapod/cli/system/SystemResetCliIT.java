package dev.peapod.cli.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import dev.peapod.cli.CliStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code system reset} on a real store holding a running pod, a running and a stopped container, a volume in use, a
 * network and a committed image: unanswered it changes nothing; with {@code -f} it prints nothing, exits 0, stops and
 * removes everything (nothing mounted, no process left: the fixture checks) and leaves a store that works afresh.
 */
class SystemResetCliIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("reset-it");

    private void populate() {
        cli.ok("pod", "create", "--name", "p", "--infra=false");
        cli.ok("run", "-d", "--pod", "p", "--name", "inpod", "--network", "none", "busybox", "sleep", "300");
        cli.ok("volume", "create", "v");
        cli.ok("run", "-d", "--name", "alone", "--network", "none", "-v", "v:/data", "busybox", "sleep", "300");
        cli.ok("run", "--name", "done", "--network", "none", "busybox", "sh", "-c", "echo x > /made");
        cli.ok("commit", "done", "localhost/made:1");
        cli.ok("network", "create", "resetnet");
    }

    @Test
    void forcedResetRemovesEverythingAndTheStoreWorksAfresh() throws Exception {
        populate();
        Cli.Result unanswered = cli.run("system", "reset");
        assertThat(unanswered.code()).isZero();
        assertThat(unanswered.out() + unanswered.err()).contains("WARNING! This will remove:",
                "the graphRoot directory: \"" + cli.dir().resolve("root") + "\"");
        assertThat(cli.ok("ps", "-a", "--format", "{{.Names}}").lines()).contains("inpod", "alone", "done");

        Cli.Result reset = cli.succeeds("system", "reset", "-f");
        assertThat(reset.out()).isEmpty();
        assertThat(cli.ok("ps", "-a", "-q")).isEmpty();
        assertThat(cli.ok("pod", "ps", "-q")).isEmpty();
        assertThat(cli.ok("volume", "ls", "-q")).isEmpty();
        assertThat(cli.ok("images", "-q")).isEmpty();
        assertThat(cli.ok("network", "ls", "--format", "{{.Name}}").lines()).doesNotContain("resetnet");
        try (Stream<Path> left = Files.walk(cli.dir().resolve("root"))) {
            assertThat(left.filter(Files::isRegularFile).map(Path::toString))
                    .as("the old store's files are gone (a new command may make a fresh database)")
                    .noneMatch(p -> p.contains("/overlay/") || p.contains("/volumes/"));
        }

        cli.ok("run", "--rm", "--network", "none", "busybox", "true");
        assertThat(cli.ok("images", "--format", "{{.Repository}}")).contains("busybox");
    }
}
