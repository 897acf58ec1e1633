package io.asyn2f.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class StandaloneLauncherTests {

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

    @Test
    void shouldRefuseAnUnknownModelBeforeStartingAnything() {
        int exitCode = StandaloneLauncher.run(List.of("--model", "resnet:18", "--results", "target/never"), out);

        assertThat(exitCode).isEqualTo(2);
        assertThat(printed()).contains("unknown model architecture 'resnet:18'");
        assertThat(java.nio.file.Path.of("target/never")).doesNotExist();
    }

    @Test
    void shouldPrintUsageForHelp() {
        int exitCode = StandaloneLauncher.run(List.of("--help"), out);

        assertThat(exitCode).isZero();
        assertThat(printed()).startsWith("Usage: ./asyn2f");
    }

    @Test
    void shouldPrintUsageForShortHelp() {
        int exitCode = StandaloneLauncher.run(List.of("-h"), out);

        assertThat(exitCode).isZero();
        assertThat(printed()).startsWith("Usage: ./asyn2f");
    }

    @Test
    void shouldExitWithTwoAndSayWhatIsWrongForABadOption() {
        int exitCode = StandaloneLauncher.run(List.of("--workers", "lots"), out);

        assertThat(exitCode).isEqualTo(2);
        assertThat(printed()).startsWith("asyn2f: --workers must be a whole number");
    }

    @Test
    void shouldNameTheCliInItsUsageAndDispatchItsVerbs() {
        assertThat(LauncherOptions.USAGE).contains("./asyn2f sessions|workers|models ...");
        assertThat(io.asyn2f.cli.Cli.handles(List.of("models", "download"))).isTrue();
        assertThat(io.asyn2f.cli.Cli.handles(List.of("compare"))).isFalse();
        assertThat(StandaloneLauncher.cli(List.of("sessions", "--help"))).isZero();
        // A CLI usage error: nothing is sent, exit code 2.
        assertThat(StandaloneLauncher.cli(List.of("sessions", "delete", "s-1"))).isEqualTo(2);
    }

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }
}
