package dev.peapod.cli;

import dev.peapod.core.Runtime;
import dev.peapod.core.RuntimeOptions;
import dev.peapod.core.TestRuntimes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs CLI commands against one engine (in-memory state, core's fake OCI runtime) that lives across commands. */
public final class EngineCli {
    private final TestRuntimes.Faked faked;
    private final Path dir;

    public EngineCli(Path dir) {
        this.faked = TestRuntimes.fake(dir);
        this.dir = dir;
    }

    public TestRuntimes.Faked engine() {
        return faked;
    }

    /** Runs a command line; a temporary --root and --runroot come first, so nothing touches the real store. */
    public Cli.Result run(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--root";
        all[1] = dir.resolve("root").toString();
        all[2] = "--runroot";
        all[3] = dir.resolve("run").toString();
        System.arraycopy(args, 0, all, 4, args.length);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(all, new PrintWriter(out), new PrintWriter(err), new RuntimeFactory() {
            @Override
            public Runtime open(RuntimeOptions options) {
                return faked.runtime();
            }

            @Override
            public void release(Runtime runtime) {
                // the same engine serves the next command
            }
        });
        return new Cli.Result(code, out.toString(), err.toString());
    }

    /** Runs a command that must succeed and returns its stdout. */
    public String ok(String... args) {
        Cli.Result r = run(args);
        if (r.code() != 0) {
            throw new AssertionError(String.join(" ", args) + " failed with " + r.code() + ": " + r.err());
        }
        return r.out();
    }
}
