package dev.peapod.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** podman's [y/N] prompt of the prune commands: anything but y or yes declines, as does the end of input. */
public final class Confirm {
    private Confirm() {
    }

    /** Prints {@code question} to the caller and reads one line of the caller's standard input. */
    public static boolean ask(Request request, String question) {
        request.out().print(question);
        request.out().flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(request.stdin(), StandardCharsets.UTF_8))
                    .readLine();
            return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
        } catch (IOException e) {
            return false;
        }
    }
}
