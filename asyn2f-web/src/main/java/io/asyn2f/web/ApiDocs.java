package io.asyn2f.web;

import java.util.List;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

/**
 * What the services' OpenAPI documents share. Each service serves its document at {@code /v3/api-docs} (YAML at
 * {@code /v3/api-docs.yaml}) and Swagger UI at {@code /swagger-ui.html} only when {@value #ENABLED_PROPERTY} is
 * true (springdoc's own switches follow it in every application.yml); only then does the service add
 * {@link #permitDocumentation} before its other chains. Otherwise the paths fall to the service's other rules, which
 * refuse them without credentials.
 */
public final class ApiDocs {

    /** The one switch of the documents and Swagger UI: off by default, on in the standalone launcher. */
    public static final String ENABLED_PROPERTY = "asyn2f.api-docs.enabled";

    /** springdoc's default paths: the document (JSON, YAML, Swagger UI's configuration) and Swagger UI. */
    public static final String[] PATHS = {"/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml",
            "/swagger-ui.html", "/swagger-ui/**"};

    /** The component name of the RFC 9457 problem detail every error response carries. */
    public static final String PROBLEM = "Problem";
    public static final String PROBLEM_JSON = "application/problem+json";

    /** Security scheme: HTTP Basic with the service's admin credentials. */
    public static final String ADMIN_BASIC = "adminBasic";
    /** Security scheme: an ES256 access token signed by the registry, as {@code Authorization: Bearer}. */
    public static final String BEARER_TOKEN = "bearerToken";
    /** Security scheme (registry): HTTP Basic with a service client's name and secret. */
    public static final String SERVICE_CLIENT_BASIC = "serviceClientBasic";
    /** Security scheme (registry): a session's enrollment token, as {@code Authorization: Bearer}. */
    public static final String ENROLLMENT_TOKEN = "enrollmentToken";

    private ApiDocs() {
    }

    /**
     * A document with the service's title and description and one relative server: the service that serves it, so
     * Swagger UI tries requests against it and the document does not depend on the port. {@link ProblemResponses}
     * adds the problem schema.
     */
    public static OpenAPI document(String title, String description) {
        return new OpenAPI()
                .info(new Info().title(title).version("v1").description(description))
                .servers(List.of(new Server().url("/").description("this service")))
                .components(new Components());
    }

    /** HTTP Basic with a fixed credential from the service's configuration. */
    public static SecurityScheme basic(String description) {
        return new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic").description(description);
    }

    /** A JWT as a bearer token. */
    public static SecurityScheme bearer(String description) {
        return opaqueBearer(description).bearerFormat("JWT");
    }

    /** A bearer credential that is no JWT. */
    public static SecurityScheme opaqueBearer(String description) {
        return new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").description(description);
    }

    /**
     * The chain a service adds, first, when {@value #ENABLED_PROPERTY} is true: the documentation paths without
     * credentials. Every other path keeps its own chain and rules.
     */
    public static SecurityFilterChain permitDocumentation(HttpSecurity http) throws Exception {
        return http.securityMatcher(PATHS)
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .build();
    }
}
