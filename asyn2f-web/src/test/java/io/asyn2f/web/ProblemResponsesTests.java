package io.asyn2f.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;

class ProblemResponsesTests {

    private final ProblemResponses customizer = new ProblemResponses(Set.of(ApiDocs.ADMIN_BASIC),
            Map.of("reason", new StringSchema()));

    @Test
    void shouldGiveEveryErrorResponseTheProblemSchema() {
        Operation operation = operation(new ApiResponses()
                .addApiResponse("404", new ApiResponse().description("no such thing")
                        .content(new Content().addMediaType("application/json", new MediaType())))
                .addApiResponse("200", new ApiResponse().description("the thing")));
        OpenAPI document = document(operation);

        customizer.customise(document);

        ApiResponse notFound = operation.getResponses().get("404");
        assertThat(notFound.getContent()).containsOnlyKeys(ApiDocs.PROBLEM_JSON);
        assertThat(notFound.getContent().get(ApiDocs.PROBLEM_JSON).getSchema().get$ref())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(operation.getResponses().get("200").getContent()).isNull();
        assertThat(document.getComponents().getSchemas().get(ApiDocs.PROBLEM).getProperties())
                .containsKeys("type", "title", "status", "detail", "instance", "reason");
    }

    @Test
    void shouldAdd401And429ToOperationsBehindHttpBasic() {
        Operation operation = operation(new ApiResponses().addApiResponse("200", new ApiResponse()))
                .security(List.of(new SecurityRequirement().addList(ApiDocs.ADMIN_BASIC)));

        customizer.customise(document(operation));

        assertThat(operation.getResponses()).containsOnlyKeys("200", "401", "429");
        assertThat(List.copyOf(operation.getResponses().keySet())).containsExactly("200", "401", "429");
    }

    @Test
    void shouldAddOnly401ToBearerOperationsAndNothingToOpenOnes() {
        Operation bearer = operation(new ApiResponses().addApiResponse("200", new ApiResponse()))
                .security(List.of(new SecurityRequirement().addList(ApiDocs.BEARER_TOKEN)));
        Operation open = operation(new ApiResponses().addApiResponse("200", new ApiResponse()));
        OpenAPI document = document(bearer);
        document.getPaths().addPathItem("/open", new PathItem().get(open));

        customizer.customise(document);

        assertThat(bearer.getResponses()).containsOnlyKeys("200", "401");
        assertThat(open.getResponses()).containsOnlyKeys("200");
    }

    private static Operation operation(ApiResponses responses) {
        return new Operation().operationId("op").responses(responses);
    }

    private static OpenAPI document(Operation operation) {
        return ApiDocs.document("test", "a test").paths(new Paths().addPathItem("/thing", new PathItem().get(operation)));
    }
}
