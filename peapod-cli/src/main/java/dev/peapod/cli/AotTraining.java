package dev.peapod.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run behind {@code ./peapod}'s AOT cache: one JVM that runs the commands operators run most
 * (pod and container create, ps, inspect, images, rm) against a throw-away store, so that the classes and
 * method profiles they need are in the cache. It starts no container: training needs no runc run and leaves
 * nothing behind but the store directory the caller deletes.
 *
 * <p>Usage: {@code java -XX:AOTCacheOutput=F -cp peapod.jar dev.peapod.cli.AotTraining DIR}. Exits 1 if a
 * command fails, naming it, so a cache is never built from a broken run without anyone noticing.
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: AotTraining STORE_DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        List<String> store = List.of("--root", dir.resolve("root").toString(), "--runroot", dir.resolve("run").toString());
        String[][] commands = {
                {"--version"},
                {"pod", "ps"},
                {"pod", "create", "--name", "train", "--label", "purpose=training"},
                {"create", "--pod", "train", "--name", "train-c", "--label", "a=b", "busybox", "true"},
                {"create", "--name", "train-solo", "busybox", "sh", "-c", "exit 0"},
                {"ps", "-a"},
                {"ps", "-a", "--pod", "--format", "{{.ID}} {{.Names}} {{.Status}} {{.PodName}}"},
                {"ps", "-a", "--format", "json"},
                {"pod", "ps", "--format", "json"},
                {"pod", "inspect", "train"},
                {"inspect", "train-c"},
                {"images"},
                {"image", "inspect", "busybox"},
                {"pod", "exists", "train"},
                {"rm", "-f", "train-solo"},
                {"pod", "rm", "-f", "train"},
                {"pod", "ps", "--help"},
        };
        for (String[] c : commands) {
            List<String> argv = new ArrayList<>(c[0].equals("--version") ? List.of() : store);
            argv.addAll(List.of(c));
            StringWriter err = new StringWriter();
            int code = Main.run(argv.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(err));
            if (code != 0) {
                System.err.println("training command failed (" + code + "): peapod " + String.join(" ", argv) + "\n" + err);
                System.exit(1);
            }
        }
    }
}
