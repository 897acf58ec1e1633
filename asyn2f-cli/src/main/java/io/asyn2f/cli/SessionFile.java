package io.asyn2f.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A session request from a file: JSON (a {@code .json} name, or text that starts with <code>{</code>) or YAML, the
 * same fields as {@code POST /api/v1/sessions} (docs/aggregator-api.md). The aggregator validates it; this only
 * checks that it is one mapping. YAML is read with plain data types only (no tags that build objects).
 */
final class SessionFile {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A session request is a few hundred bytes; anything this big is the wrong file. */
    private static final int MAX_BYTES = 1 << 20;

    private SessionFile() {
    }

    /** Reads {@code name}, or standard input for {@code -}. */
    static JsonNode read(String name, InputStream standardInput) {
        String text;
        try {
            byte[] bytes = name.equals("-") ? standardInput.readNBytes(MAX_BYTES + 1)
                    : Files.size(Path.of(name)) > MAX_BYTES ? new byte[MAX_BYTES + 1]
                    : Files.readAllBytes(Path.of(name));
            if (bytes.length > MAX_BYTES) {
                throw CliException.usage(name + ": larger than " + MAX_BYTES + " bytes; not a session request");
            }
            text = new String(bytes, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CliException.usage(name + ": no such file");
        } catch (IOException e) {
            throw CliException.usage(name + ": cannot be read: " + e.getMessage());
        }
        return parse(name, text);
    }

    static JsonNode parse(String name, String text) {
        JsonNode request;
        if (name.endsWith(".json") || text.stripLeading().startsWith("{")) {
            try {
                request = JSON.readTree(text);
            } catch (JacksonException e) {
                throw CliException.usage(name + ": not valid JSON: " + e.getOriginalMessage()
                        + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
            }
        } else {
            Object yaml;
            try {
                yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            } catch (YAMLException e) {
                throw CliException.usage(name + ": not valid YAML: " + e.getMessage().replaceAll("\\s+", " "));
            }
            if (!(yaml instanceof Map<?, ?>)) {
                throw CliException.usage(name + ": a session request is a mapping of fields (modelArchitecture, "
                        + "strategy, ...), found " + (yaml == null ? "nothing" : "a " + kind(yaml)));
            }
            request = JSON.valueToTree(yaml);
        }
        if (request == null || !request.isObject()) {
            throw CliException.usage(name + ": a session request is a JSON object of fields (modelArchitecture, "
                    + "strategy, ...)");
        }
        return request;
    }

    private static String kind(Object yaml) {
        return yaml instanceof Iterable<?> ? "list" : "single value";
    }
}
