package io.asyn2f.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import io.asyn2f.storage.support.GatewayHttp;
import io.asyn2f.storage.support.GatewayIntegrationTest;
import io.asyn2f.testing.ApiDocumentationContract;
import io.asyn2f.web.ApiDocs;

/**
 * With {@code asyn2f.api-docs.enabled}: the served OpenAPI document is the one committed as
 * docs/openapi/storage-gateway.json, the documentation is open, and nothing else is.
 */
@GatewayIntegrationTest
@TestPropertySource(properties = ApiDocs.ENABLED_PROPERTY + "=true")
@DirtiesContext // a context of its own: closed afterwards, so its broker connections do not pile up
class StorageGatewayOpenApiIT implements ApiDocumentationContract {

    @LocalServerPort
    private int port;

    @Override
    public String documentModule() {
        return "storage-gateway";
    }

    @Test
    void shouldKeepEveryOtherEndpointAuthenticated() {
        GatewayHttp http = new GatewayHttp(port);
        assertThat(http.get("/api/v1/sessions/s-1/global-models/latest", null).statusCode()).isEqualTo(401);
        assertThat(http.post("/api/v1/sessions/s-1/uploads", null, "{}").statusCode()).isEqualTo(401);
        assertThat(http.get("/actuator/env", null).statusCode()).isEqualTo(401);
    }
}
