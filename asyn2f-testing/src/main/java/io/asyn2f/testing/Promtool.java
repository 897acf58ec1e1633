package io.asyn2f.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's own checker, {@code promtool} (Debian package {@code prometheus}; {@code .ci/run} installs it), run on
 * what the services export and on the chart's alert rules. A test that needs it fails with the install command when
 * it is not on the PATH: a check silently skipped would prove nothing.
 */
public final class Promtool {

    private static final long TIMEOUT_SECONDS = 60;

    private Promtool() {
    }

    /** The promtool on the PATH; fails the test with how to install it when there is none. */
    public static Path require() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String folder : path.split(File.pathSeparator)) {
                Path candidate = Path.of(folder, "promtool");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return fail("promtool is not on the PATH; it checks the Prometheus metrics and alert rules. Install it with "
                + "'sudo apt-get install prometheus' (Debian/Ubuntu; .ci/run does this) or put a promtool binary of "
                + "Prometheus 2.x on the PATH.");
    }

    /** {@code promtool check metrics} on a scrape in the text exposition format: passes or fails with promtool's words. */
    public static void assertValidMetrics(String exposition) {
        Result result = run(exposition.getBytes(StandardCharsets.UTF_8), "check", "metrics");
        assertThat(result.exitCode())
                .as("promtool check metrics found problems in the /actuator/prometheus output:%n%s", result.output())
                .isZero();
    }

    /** Runs promtool with {@code arguments} in {@code directory} and returns its exit code and combined output. */
    public static Result run(Path directory, String... arguments) {
        return run(directory, null, arguments);
    }

    private static Result run(byte[] input, String... arguments) {
        return run(null, input, arguments);
    }

    private static Result run(Path directory, byte[] input, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(require().toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        try {
            Process process = builder.start();
            try (OutputStream stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input);
                }
            }
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail("promtool " + String.join(" ", arguments) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return fail("could not run promtool: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while promtool ran", e);
        }
    }

    public record Result(int exitCode, String output) {
    }
}
