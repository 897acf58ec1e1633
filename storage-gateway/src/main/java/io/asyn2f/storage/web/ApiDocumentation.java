package io.asyn2f.storage.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.asyn2f.storage.metrics.GatewayMetrics;
import io.asyn2f.web.ApiDocs;
import io.asyn2f.web.ProblemResponses;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;

/**
 * The storage gateway's OpenAPI document (served only with {@code asyn2f.api-docs.enabled}; committed as
 * docs/openapi/storage-gateway.json). One security scheme: the registry's access tokens, a worker's or a service's;
 * which role may call what is in each operation's description ({@code security.SessionAccess} enforces it).
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    @Bean
    OpenAPI storageGatewayOpenApi() {
        OpenAPI document = ApiDocs.document("asyn2f storage-gateway",
                "Presigned PUT and GET URLs for the object store, each scoped to one object: a trainer writes only "
                        + "fresh keys under its own prefix, a worker reads its session's committed global models and "
                        + "its own objects, a service reads and writes any key of a session. The model bytes go "
                        + "straight to the store, never through the gateway. Every error is an RFC 9457 problem "
                        + "detail with a reason. Guide: docs/storage-gateway-api.md.");
        document.getComponents().addSecuritySchemes(ApiDocs.BEARER_TOKEN, ApiDocs.bearer(
                "An access token signed by the registry (ES256, checked against its JWKS): a worker's (role trainer "
                        + "or tester, bound to one session) or a service's (role service)."));
        return document;
    }

    @Bean
    ProblemResponses storageGatewayProblemResponses() {
        Map<String, Schema<?>> problem = new LinkedHashMap<>();
        List<String> reasons = new ArrayList<>(Arrays.stream(GatewayMetrics.Refusal.values())
                .map(GatewayMetrics.Refusal::tag).toList());
        reasons.add("store-unavailable"); // ProblemHandler's 503 when the store does not answer
        problem.put("reason", new StringSchema()._enum(reasons)
                .description("why the request was refused; but for store-unavailable, the reason tag of "
                        + "asyn2f.gateway.refusals"));
        problem.put("errors", new ArraySchema().items(new StringSchema())
                .description("the invalid fields as 'field: message' (400 only)"));
        return new ProblemResponses(Set.of(), problem);
    }
}
