package io.asyn2f.standalone;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Fashion-MNIST on a fresh machine. When the launcher would use it (dataset {@code auto} or {@code fashion-mnist},
 * the Debian location) and it is missing: as root with apt, installs {@code dataset-fashion-mnist} and says so;
 * otherwise prints the exact command and, on a terminal, asks before the run falls back to synthetic data (without a
 * terminal it falls back and says so). {@code ASYN2F_DATASET_INSTALL=never} turns the installing off.
 */
final class DatasetSetup {

    static final String PACKAGE = "dataset-fashion-mnist";
    static final List<String> APT = List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", PACKAGE);

    /** What the setup needs from the machine; replaced in tests. */
    interface Machine {
        boolean root();

        boolean hasApt();

        /** Runs the command with its output on the console; returns its exit code. */
        int run(List<String> command) throws IOException, InterruptedException;

        /** The user's answer to a question, or null without a terminal. */
        String ask(String question) throws IOException;
    }

    /** What became of the missing data. */
    enum Outcome {
        PRESENT, INSTALLED, NOT_APPLICABLE,
        /** Not installed, and asked for by name: the data loader refuses with what is missing. */
        MISSING,
        /** Not installed: the run goes on with synthetic data (the user agreed, or could not be asked). */
        SYNTHETIC,
        /** Not installed, and the user does not want synthetic data: the launcher stops. */
        DECLINED
    }

    private DatasetSetup() {
    }

    static boolean present(Path folder) {
        return Files.isRegularFile(folder.resolve("train-images-idx3-ubyte.gz"))
                || Files.isRegularFile(folder.resolve("train-images-idx3-ubyte"));
    }

    /**
     * Makes sure the data is there if it can; returns what it did.
     */
    static Outcome ensure(LauncherOptions options, Machine machine, Supplier<String> setting, PrintStream out)
            throws IOException, InterruptedException {
        if (!options.dataDirectory().equals(LauncherOptions.DEFAULT_DATA_DIRECTORY)) {
            return Outcome.NOT_APPLICABLE; // the user's own folder: nothing to install there
        }
        return ensure(options.dataset(), options.dataDirectory(), machine, setting.get(), out);
    }

    /** {@link #ensure(LauncherOptions, Machine, Supplier, PrintStream)} for the folder the package installs into. */
    static Outcome ensure(String dataset, Path folder, Machine machine, String setting, PrintStream out)
            throws IOException, InterruptedException {
        if (dataset.equals("synthetic")) {
            return Outcome.NOT_APPLICABLE;
        }
        if (present(folder)) {
            return Outcome.PRESENT;
        }
        String command = String.join(" ", APT);
        boolean installing = !"never".equals(String.valueOf(setting).toLowerCase(Locale.ROOT));
        if (installing && machine.root() && machine.hasApt()) {
            out.println("Fashion-MNIST is not in " + folder + ": installing it (" + command + ")");
            int exit = machine.run(APT);
            if (exit == 0 && present(folder)) {
                return Outcome.INSTALLED;
            }
            out.println("installing " + PACKAGE + " failed (exit " + exit + ")");
        } else {
            out.println("Fashion-MNIST is not in " + folder + "; install it with: "
                    + (machine.root() ? "" : "sudo ") + command);
        }
        if (dataset.equals("fashion-mnist")) {
            return Outcome.MISSING;
        }
        String answer = machine.ask("continue with synthetic data instead? [y/N] ");
        if (answer == null) {
            out.println("no terminal to ask: continuing with SYNTHETIC data");
            return Outcome.SYNTHETIC;
        }
        if (answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
            return Outcome.SYNTHETIC;
        }
        out.println("stopped: install " + PACKAGE + " (above) and run again, or pass --dataset synthetic");
        return Outcome.DECLINED;
    }

    /**
     * Whether the console is a terminal: from JDK 22 on, {@link System#console()} answers even without one and says
     * so through {@code isTerminal()}; before, a console exists only on a terminal.
     */
    static boolean isTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** This machine. */
    static Machine system(PrintStream out) {
        return new Machine() {
            @Override
            public boolean root() {
                return "root".equals(System.getProperty("user.name"));
            }

            @Override
            public boolean hasApt() {
                return Files.isExecutable(Path.of("/usr/bin/apt-get"));
            }

            @Override
            public int run(List<String> command) throws IOException, InterruptedException {
                ProcessBuilder process = new ProcessBuilder(command).inheritIO();
                process.environment().put("DEBIAN_FRONTEND", "noninteractive");
                return process.start().waitFor();
            }

            @Override
            public String ask(String question) throws IOException {
                Console console = System.console();
                if (console == null || !isTerminal(console)) {
                    return null;
                }
                out.print(question);
                out.flush();
                // End of input (stdin closed or empty) is no answer: treated as no terminal.
                return new BufferedReader(console.reader()).readLine();
            }
        };
    }
}
