package dev.peapod.cli.server;

import dev.peapod.cli.AotTraining;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The launcher's AOT training run when the native client is built: {@link AotTraining}'s commands, then the same
 * kind of commands through the native client and an engine process served by this JVM, so that the cache also
 * holds what a cold engine process runs before and around its first command (its socket and descriptor calls,
 * sessions on virtual threads, requests with a client's context). Without it a cold engine process took about
 * 0.7 s longer to bind its socket than a direct JVM took to run {@code --version}.
 *
 * <p>Usage: {@code java -XX:AOTCacheOutput=F -cp peapod.jar dev.peapod.cli.server.ServerTraining DIR CLIENT}.
 * Exits 1 naming the command that failed.
 */
public final class ServerTraining {
    private static final String TOKEN = "training";

    private ServerTraining() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: ServerTraining STORE_DIR CLIENT");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        AotTraining.main(new String[] {dir.toString()});
        Path run = dir.resolve("run");
        Server server = new Server(run.resolve("engine").resolve("engine.sock"), TOKEN,
                Server.DEFAULT_IDLE_SECONDS * 1000L);
        server.start();
        Thread.ofPlatform().daemon().name("server-accept").start(server::acceptLoop);
        // the client reads how to start a JVM from its configuration; with the server bound it starts none
        Path conf = dir.resolve("client.conf");
        Files.writeString(conf, "token=" + TOKEN + "\njava=/bin/false\ncp=/nonexistent\n");
        List<String> store = List.of("--root", dir.resolve("root").toString(), "--runroot", run.toString());
        String[][] commands = {
                {"--version"},
                {"pod", "ps"},
                {"pod", "create", "--name", "train"},
                {"create", "--pod", "train", "--name", "train-c", "busybox", "true"},
                {"ps", "-a"},
                {"pod", "ps", "--format", "json"},
                {"inspect", "train-c"},
                {"pod", "rm", "-f", "train"},
        };
        for (String[] c : commands) {
            List<String> argv = new ArrayList<>(List.of(args[1]));
            argv.addAll(store);
            argv.addAll(List.of(c));
            ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File(
                    "/dev/null"))).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("PEAPOD_CLIENT_CONF", conf.toString());
            Process p = pb.start();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            if (code != 0) {
                System.err.println("training command through the client failed (" + code + "): peapod "
                        + String.join(" ", argv) + "\n" + err);
                System.exit(1);
            }
        }
        System.exit(0);
    }
}
