package dev.peapod.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.container.ContainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store is private: another local user (nobody, through setpriv) can neither list it nor read the state
 * database, a log or a container's files, even when the store was made with wide modes (an older peapod, umask 0).
 */
class StorePrivacyIT {
    @RegisterExtension
    final RuntimeStore store = RuntimeStore.named("privacy-it");

    /** Runs {@code sh -c script} as nobody; returns its exit code and output. */
    private static String asNobody(String script) throws Exception {
        Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/bin/sh", "-c",
                script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + ":" + out;
    }

    private static void widen(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxrwxrwx" : "rw-rw-rw-"));
            }
        }
    }

    @Test
    void anotherUserCanReadNothingOfAStoreEvenOneMadeWithWideModes() throws Exception {
        // the test's own directory must be open to nobody, or the check could not fail
        Files.setPosixFilePermissions(store.dir(), PosixFilePermissions.fromString("rwxr-xr-x"));
        RuntimeOptions options = store.options();
        Path root = options.root();
        String log;
        try (Runtime rt = Runtime.open(options)) {
            Container c = rt.createContainer(ContainerConfig.builder().image("busybox")
                    .env(List.of("SECRET=hunter2")).command(List.of("echo", "hunter2")).build());
            c.start();
            assertThat(c.waitForExit(Duration.ofSeconds(60))).isZero();
            log = c.logPath().toString();
            rt.removeContainer(c, true, 0);
            rt.createContainer(ContainerConfig.builder().image("busybox").name("keeper")
                    .env(List.of("SECRET=hunter2")).command(List.of("true")).build());
        }
        Files.writeString(Path.of(log), "hunter2\n");
        // as an older peapod (or umask 0) would have left it
        widen(root);
        widen(options.runRoot());
        assertThat(asNobody("cat " + root.resolve("peapod.db") + " | grep -c hunter2")).startsWith("0:");

        assertThat(store.runtime().container("keeper").config().env()).contains("SECRET=hunter2");
        List<String> outs = new ArrayList<>();
        outs.add(asNobody("ls " + root));
        outs.add(asNobody("ls " + options.runRoot()));
        outs.add(asNobody("cat " + root.resolve("peapod.db")));
        outs.add(asNobody("cat " + log));
        outs.add(asNobody("grep -r hunter2 " + root));
        for (String o : outs) {
            assertThat(o).doesNotStartWith("0:").doesNotContain("hunter2").contains("Permission denied");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(options.runRoot())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("peapod.db"))))
                .isEqualTo("rw-------");
    }
}
