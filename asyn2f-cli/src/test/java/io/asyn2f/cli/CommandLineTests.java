package io.asyn2f.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CommandLineTests {

    @Test
    void shouldParseACommandWithItsArgumentAndOptionsInAnyOrder() {
        CommandLine line = CommandLine.parse(List.of("models", "download", "--format=dl4j", "s-1", "-o", "m.zip",
                "--version", "3", "--url", "http://agg:8083"), Map.of());

        assertThat(line.command()).isEqualTo(Command.MODELS_DOWNLOAD);
        assertThat(line.argument()).isEqualTo("s-1");
        assertThat(line.options()).containsEntry("--format", "dl4j").containsEntry("--out", "m.zip")
                .containsEntry("--version", "3").containsEntry("--url", "http://agg:8083");
        assertThat(line.output()).isEqualTo(CommandLine.Output.TABLE);
    }

    @Test
    void shouldTakeTheOutputFromTheOptionOverTheEnvironment() {
        assertThat(CommandLine.parse(List.of("sessions", "list"), Map.of("ASYN2F_OUTPUT", "json")).output())
                .isEqualTo(CommandLine.Output.JSON);
        assertThat(CommandLine.parse(List.of("sessions", "list", "--output", "table"), Map.of("ASYN2F_OUTPUT", "json"))
                .output()).isEqualTo(CommandLine.Output.TABLE);
        assertThatThrownBy(() -> CommandLine.parse(List.of("sessions", "list", "--output", "yaml"), Map.of()))
                .hasMessage("--output must be table or json, was 'yaml'");
    }

    @Test
    void shouldAnswerHelpForAGroupAloneOrAskedFor() {
        assertThat(CommandLine.parse(List.of("sessions"), Map.of()).help()).isTrue();
        assertThat(CommandLine.parse(List.of("workers", "--help"), Map.of()).help()).isTrue();
        assertThat(CommandLine.parse(List.of("models", "download", "-h"), Map.of()).help()).isTrue();
    }

    @Test
    void shouldRefuseWhatItDoesNotKnowSayingWhatItTakes() {
        assertThatThrownBy(() -> CommandLine.parse(List.of("sessions", "delete", "s-1"), Map.of()))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessage("unknown command 'sessions delete'; sessions takes create, list, show, stop, versions, "
                        + "rejections (./asyn2f sessions --help)");
        assertThatThrownBy(() -> CommandLine.parse(List.of("sessions", "list", "--format", "dl4j"), Map.of()))
                .hasMessage("unknown option '--format' for 'sessions list'; usage: ./asyn2f sessions list");
        assertThatThrownBy(() -> CommandLine.parse(List.of("sessions", "show"), Map.of()))
                .hasMessage("'sessions show' needs one ID; usage: ./asyn2f sessions show ID");
        assertThatThrownBy(() -> CommandLine.parse(List.of("sessions", "list", "extra"), Map.of()))
                .hasMessageStartingWith("'sessions list' takes no argument, got [extra]");
        assertThatThrownBy(() -> CommandLine.parse(List.of("sessions", "stop", "a", "b"), Map.of()))
                .hasMessageStartingWith("'sessions stop' needs one ID, got [a, b]");
        assertThatThrownBy(() -> CommandLine.parse(List.of("workers", "revoke", "w-1", "--reason"), Map.of()))
                .hasMessage("option --reason needs a value");
    }

    @Test
    void shouldReadTheStandardInputAsAFileNamedDash() {
        CommandLine line = CommandLine.parse(List.of("sessions", "create", "-f", "-"), Map.of());

        assertThat(line.option("--file")).isEqualTo("-");
        assertThat(line.argument()).isNull();
    }
}
