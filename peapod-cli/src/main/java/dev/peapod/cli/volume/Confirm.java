package dev.peapod.cli.volume;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** podman's [y/N] prompt of the prune commands: anything but y or yes declines, as does the end of input. */
public final class Confirm {
    private Confirm() {
    }

    /** Prints {@code question} and reads one line of standard input. */
    public static boolean ask(PrintWriter out, String question) {
        out.print(question);
        out.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
        } catch (IOException e) {
            return false;
        }
    }
}
