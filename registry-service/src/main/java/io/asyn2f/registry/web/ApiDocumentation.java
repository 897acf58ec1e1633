package io.asyn2f.registry.web;

import java.util.Map;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.asyn2f.web.ApiDocs;
import io.asyn2f.web.ProblemResponses;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;

/**
 * The registry's OpenAPI document (served only with {@code asyn2f.api-docs.enabled}; committed as
 * docs/openapi/registry-service.json). The security schemes are the four credentials {@code SecurityConfiguration}
 * accepts; each controller names the one it needs.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    @Bean
    OpenAPI registryOpenApi() {
        OpenAPI document = ApiDocs.document("asyn2f registry-service",
                "Workers and their credentials: registration with an enrollment token, access tokens (ES256 JWTs, "
                        + "published as JWKS) and their refresh, heartbeats, revocation, and the admin API over "
                        + "workers, enrollment tokens and dead letters. Every error is an RFC 9457 problem detail. "
                        + "Guide: docs/registry-api.md.");
        document.getComponents()
                .addSecuritySchemes(ApiDocs.ADMIN_BASIC, ApiDocs.basic(
                        "The admin credentials: asyn2f.registry.admin.username and .password."))
                .addSecuritySchemes(ApiDocs.SERVICE_CLIENT_BASIC, ApiDocs.basic(
                        "A service client's name and secret: asyn2f.registry.service-clients.<name>.secret."))
                .addSecuritySchemes(ApiDocs.ENROLLMENT_TOKEN, ApiDocs.opaqueBearer(
                        "An enrollment token of the session, issued on the admin API "
                                + "(POST /api/v1/admin/sessions/{sessionId}/enrollment-tokens); opaque, not a JWT."))
                .addSecuritySchemes(ApiDocs.BEARER_TOKEN, ApiDocs.bearer(
                        "An access token this registry signed (ES256; issuer and audience asyn2f): a worker's, from "
                                + "registration or refresh, or a service's, from POST /api/v1/tokens/service."));
        return document;
    }

    @Bean
    ProblemResponses registryProblemResponses() {
        return new ProblemResponses(Set.of(ApiDocs.ADMIN_BASIC, ApiDocs.SERVICE_CLIENT_BASIC),
                Map.of("errors", new ArraySchema().items(new ObjectSchema()
                                .addProperty("field", new StringSchema())
                                .addProperty("message", new StringSchema()))
                        .description("the invalid fields (400 only)")));
    }
}
