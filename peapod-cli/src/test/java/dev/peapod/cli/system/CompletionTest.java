package dev.peapod.cli.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code completion bash|zsh|fish}: scripts a shell accepts, covering the command tree. */
class CompletionTest {
    @TempDir
    Path tmp;

    @Test
    void bashScriptIsValidAndCompletesCommandsAndFlags() throws Exception {
        Cli.Result r = Cli.run("completion", "bash");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("complete -F _complete_peapod").contains("rename").contains("--cidfile");
        Path script = tmp.resolve("peapod.bash");
        Files.writeString(script, r.out());
        Process p = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }

    @Test
    void zshAndFishScriptsAndFileOutput() throws Exception {
        assertThat(Cli.run("completion", "zsh").out()).startsWith("#compdef peapod\n");
        String fish = Cli.run("completion", "fish").out();
        assertThat(fish).contains("complete -c peapod -n '__fish_use_subcommand' -a run -d 'Run a command in a new "
                + "container'\n").contains("complete -c peapod -n '__fish_seen_subcommand_from run' -l tz");
        assertThat(fish.lines().filter(l -> !l.startsWith("#")))
                .allMatch(l -> l.startsWith("complete -c peapod "));
        assertThat(Cli.run("completion", "--no-desc", "fish").out()).doesNotContain(" -d '");
        Path file = tmp.resolve("out.fish");
        assertThat(Cli.run("completion", "-f", file.toString(), "fish").out()).isEmpty();
        assertThat(Files.readString(file)).isEqualTo(fish);
        Cli.Result bad = Cli.run("completion", "tcsh");
        assertThat(bad.code()).isEqualTo(125);
        assertThat(bad.err()).contains("bash, zsh or fish");
    }
}
