package io.asyn2f.web;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springdoc.core.customizers.OpenApiCustomizer;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;

/**
 * Makes the error answers of a document what the service really sends: the {@value ApiDocs#PROBLEM} schema (RFC 9457
 * members plus the service's own), and every 4xx and 5xx response an operation
 * declares (controllers name the code and say when) gets the {@value ApiDocs#PROBLEM} schema as
 * {@value ApiDocs#PROBLEM_JSON}; an operation that needs credentials gets 401, and one behind HTTP Basic also 429
 * (failed logins are limited, {@link BasicLoginThrottle}). Responses are ordered by code, so the document does not
 * depend on the order springdoc met the annotations in.
 */
public final class ProblemResponses implements OpenApiCustomizer {

    private final Set<String> basicSchemes;
    private final Map<String, Schema<?>> problemExtensions;

    /**
     * @param basicSchemes      the names of the document's HTTP Basic security schemes
     * @param problemExtensions the service's own members of its problem details, in order
     */
    public ProblemResponses(Set<String> basicSchemes, Map<String, Schema<?>> problemExtensions) {
        this.basicSchemes = Set.copyOf(basicSchemes);
        this.problemExtensions = problemExtensions;
    }

    @Override
    public void customise(OpenAPI openApi) {
        // Here, not in the document bean: springdoc drops schemas no operation refers to before customizers run.
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSchemas(ApiDocs.PROBLEM, problem());
        if (openApi.getPaths() == null) {
            return;
        }
        for (PathItem path : openApi.getPaths().values()) {
            for (Operation operation : path.readOperations()) {
                customise(operation, openApi.getSecurity());
            }
        }
    }

    private void customise(Operation operation, List<SecurityRequirement> documentSecurity) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        List<SecurityRequirement> security = operation.getSecurity() != null ? operation.getSecurity()
                : documentSecurity;
        boolean secured = security != null && security.stream().anyMatch(requirement -> !requirement.isEmpty());
        if (secured) {
            responses.putIfAbsent("401", new ApiResponse().description("the credentials are missing or wrong"));
        }
        if (secured && security.stream().anyMatch(requirement -> requirement.keySet().stream()
                .anyMatch(basicSchemes::contains))) {
            responses.putIfAbsent("429", new ApiResponse().description(
                    "too many failed logins from this address or for this name; Retry-After says when to try again"));
        }
        Map<String, ApiResponse> ordered = new TreeMap<>(responses);
        ApiResponses rebuilt = new ApiResponses();
        ordered.forEach((code, response) -> {
            if (isError(code)) {
                response.setContent(new Content().addMediaType(ApiDocs.PROBLEM_JSON,
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ApiDocs.PROBLEM))));
            }
            rebuilt.addApiResponse(code, response);
        });
        operation.setResponses(rebuilt);
    }

    private static boolean isError(String code) {
        return code.length() == 3 && (code.charAt(0) == '4' || code.charAt(0) == '5');
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private Schema<?> problem() {
        ObjectSchema problem = new ObjectSchema();
        problem.description("An RFC 9457 problem detail (application/problem+json), the body of every error answer.");
        problem.addProperty("type", new StringSchema().format("uri-reference")
                .description("identifies the kind of problem; about:blank when the status says it all")
                .example("about:blank"));
        problem.addProperty("title", new StringSchema().description("short summary of the kind of problem")
                .example("Not Found"));
        problem.addProperty("status", new IntegerSchema().format("int32").description("the HTTP status")
                .example(404));
        problem.addProperty("detail", new StringSchema().description("what went wrong with this request, for people"));
        problem.addProperty("instance", new StringSchema().format("uri-reference")
                .description("the path of the request"));
        problemExtensions.forEach((name, schema) -> problem.addProperty(name, (Schema) schema));
        problem.required(List.of("title", "status"));
        return problem;
    }
}
