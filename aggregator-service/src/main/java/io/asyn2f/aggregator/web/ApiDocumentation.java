package io.asyn2f.aggregator.web;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.asyn2f.core.aggregation.StrategyDefinition;
import io.asyn2f.web.ApiDocs;
import io.asyn2f.web.ProblemResponses;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;

/**
 * The aggregator's OpenAPI document (served only with {@code asyn2f.api-docs.enabled}; committed as
 * docs/openapi/aggregator-service.json). Its whole API is the admin API, behind one HTTP Basic credential
 * ({@code security.AdminSecurityConfig}); workers reach the aggregator only through the broker.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static {
        // A streamed model is bytes, not an object of that type.
        SpringDocUtils.getConfig().replaceWithSchema(StreamingResponseBody.class,
                new Schema<>().type("string").format("binary"));
    }

    @Bean
    OpenAPI aggregatorOpenApi() {
        OpenAPI document = ApiDocs.document("asyn2f aggregator-service",
                "Training sessions: create one with its strategy and stop conditions, follow its global versions, "
                        + "updates and rejections, download a version's model, pin versions against retention, stop "
                        + "it; list and replay dead letters. Workers never call this API (they talk to the "
                        + "aggregator through the broker). Every error is an RFC 9457 problem detail, its type "
                        + "urn:asyn2f:problem:<title>. Guide: docs/aggregator-api.md.");
        document.getComponents().addSecuritySchemes(ApiDocs.ADMIN_BASIC, ApiDocs.basic(
                "The admin credentials: asyn2f.aggregator.admin.username (default admin) and .password."));
        return document;
    }

    /**
     * The strategy names, and each strategy's parameters, from the one list of strategies ({@link StrategyDefinition}),
     * so the document cannot miss one.
     */
    @Bean
    OpenApiCustomizer strategyNames() {
        return openApi -> {
            Schema<?> settings = openApi.getComponents().getSchemas().get("StrategySettings");
            if (settings == null || settings.getProperties() == null) {
                return;
            }
            @SuppressWarnings("unchecked")
            Schema<String> name = (Schema<String>) settings.getProperties().get("name");
            name.setEnum(StrategyDefinition.names());
            name.setDescription("the strategy; its parameters: " + StrategyDefinition.all().stream()
                    .map(definition -> definition.name() + " " + (definition.parameterNames().isEmpty() ? "(none)"
                            : String.join(", ", new TreeSet<>(definition.parameterNames()))))
                    .collect(Collectors.joining("; ")));
        };
    }

    @Bean
    ProblemResponses aggregatorProblemResponses() {
        return new ProblemResponses(Set.of(ApiDocs.ADMIN_BASIC),
                Map.of("errors", new ArraySchema().items(new ObjectSchema()
                                .addProperty("field", new StringSchema())
                                .addProperty("message", new StringSchema()))
                        .description("each invalid field with a message naming the bound (400 only)")));
    }
}
