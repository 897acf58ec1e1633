package io.asyn2f.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

class CommittedOpenApiDocumentTests {

    private static final JsonMapper JSON = new JsonMapper();

    @Test
    void shouldSortKeysTagsAndRequiredListsButKeepMeaningfulOrder() {
        String served = """
                {"tags": [{"name": "workers"}, {"name": "admin"}],
                 "paths": {"/b": {}, "/a": {"get": {"parameters": [{"name": "z"}, {"name": "y"}]}}},
                 "components": {"schemas": {"S": {"required": ["samples", "role"],
                                                  "properties": {"role": {"enum": ["TRAINER", "TESTER"]}}}}}}""";
        String expected = """
                {"components": {"schemas": {"S": {"properties": {"role": {"enum": ["TRAINER", "TESTER"]}},
                                                  "required": ["role", "samples"]}}},
                 "paths": {"/a": {"get": {"parameters": [{"name": "z"}, {"name": "y"}]}}, "/b": {}},
                 "tags": [{"name": "admin"}, {"name": "workers"}]}""";

        String canonical = CommittedOpenApiDocument.canonical(JSON.readTree(served)).toString();

        assertThat(canonical).isEqualTo(JSON.readTree(expected).toString());
    }
}
