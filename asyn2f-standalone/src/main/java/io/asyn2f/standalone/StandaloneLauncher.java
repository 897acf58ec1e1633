package io.asyn2f.standalone;

import java.io.PrintStream;
import java.util.List;

/**
 * Entry point of {@code ./asyn2f}. The launcher that runs every service, the brokers and the workers in one
 * JVM lands with a later issue; until then it says so plainly instead of pretending to train.
 */
public final class StandaloneLauncher {

    static final String NOT_YET_AVAILABLE =
            "asyn2f: the standalone launcher is not yet available; it lands with a later issue."
                    + " Run the tests with ./mvnw verify.";

    private StandaloneLauncher() {
    }

    public static void main(String[] args) {
        int exitCode = run(List.of(args), System.out);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** Runs the launcher with the given arguments and returns the process exit code. */
    static int run(List<String> args, PrintStream out) {
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            out.println("asyn2f: " + e.getMessage());
            return 2;
        }
        if (options.command() == LauncherOptions.Command.HELP) {
            out.print(LauncherOptions.USAGE);
            return 0;
        }
        out.println(NOT_YET_AVAILABLE);
        return 0;
    }
}
