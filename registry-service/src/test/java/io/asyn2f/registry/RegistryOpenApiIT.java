package io.asyn2f.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import io.asyn2f.registry.support.RegistryIntegrationTest;
import io.asyn2f.testing.ApiDocumentationContract;
import io.asyn2f.web.ApiDocs;

/**
 * With {@code asyn2f.api-docs.enabled}: the served OpenAPI document is the one committed as
 * docs/openapi/registry-service.json, the documentation is open, and nothing else is.
 */
@TestPropertySource(properties = ApiDocs.ENABLED_PROPERTY + "=true")
@DirtiesContext // a context of its own: closed afterwards, so its database connections do not pile up
class RegistryOpenApiIT extends RegistryIntegrationTest implements ApiDocumentationContract {

    @Override
    public String documentModule() {
        return "registry-service";
    }

    @Test
    void shouldKeepEveryOtherEndpointAuthenticated() throws Exception {
        assertProblem(get("/api/v1/admin/workers", null), 401);
        assertProblem(get("/api/v1/revocations", null), 401);
        assertProblem(get("/actuator/env", null), 401);
        assertProblem(get("/swagger-ui-not-really", null), 401);
    }
}
