package io.asyn2f.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

class SessionFileTests {

    private static final String YAML = """
            # a session request, as in docs/aggregator-api.md
            modelArchitecture: mlp:784-128-10
            dataset: { name: fashion-mnist }
            strategy:
              name: asyn2f
              m: 3
              beta: 0.6
            maxWait: PT60S
            stop:
              targetAccuracy: 0.85
              maxVersion: 200
            seed: 42
            """;

    @TempDir
    Path folder;

    @Test
    void shouldReadYamlAsTheSameJsonTheApiTakes() throws Exception {
        Path file = Files.writeString(folder.resolve("session.yaml"), YAML);

        JsonNode request = SessionFile.read(file.toString(), InputStream.nullInputStream());

        assertThat(request.path("modelArchitecture").asString()).isEqualTo("mlp:784-128-10");
        assertThat(request.path("strategy").path("m").isIntegralNumber()).isTrue();
        assertThat(request.path("strategy").path("beta").asDouble()).isEqualTo(0.6);
        assertThat(request.path("maxWait").asString()).isEqualTo("PT60S");
        assertThat(request.path("stop").path("maxVersion").asLong()).isEqualTo(200);
    }

    @Test
    void shouldReadJsonFromAFileOrStandardInput() throws Exception {
        Path file = Files.writeString(folder.resolve("session.json"), "{\"modelArchitecture\": \"mlp:4-3-2\"}");

        assertThat(SessionFile.read(file.toString(), InputStream.nullInputStream()).path("modelArchitecture")
                .asString()).isEqualTo("mlp:4-3-2");
        assertThat(SessionFile.read("-", new ByteArrayInputStream(YAML.getBytes(StandardCharsets.UTF_8)))
                .path("seed").asLong()).isEqualTo(42);
    }

    @Test
    void shouldRefuseWhatIsNoSessionRequestNamingTheFile() throws Exception {
        assertThatThrownBy(() -> SessionFile.read(folder.resolve("absent.yaml").toString(),
                InputStream.nullInputStream())).hasMessageEndingWith("absent.yaml: no such file");
        assertThatThrownBy(() -> SessionFile.parse("s.yaml", "- a\n- b\n"))
                .hasMessageStartingWith("s.yaml: a session request is a mapping of fields")
                .hasMessageEndingWith("a list");
        assertThatThrownBy(() -> SessionFile.parse("s.yaml", "strategy: [unclosed\n"))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageStartingWith("s.yaml: not valid YAML:");
        assertThatThrownBy(() -> SessionFile.parse("s.json", "{\"a\": }"))
                .hasMessageStartingWith("s.json: not valid JSON:");
        assertThatThrownBy(() -> SessionFile.parse("s.yaml", "!!javax.script.ScriptEngineManager [x]\n"))
                .hasMessageStartingWith("s.yaml: not valid YAML:");
    }
}
