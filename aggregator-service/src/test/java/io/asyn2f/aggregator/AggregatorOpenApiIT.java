package io.asyn2f.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import io.asyn2f.aggregator.support.AggregatorITSupport;
import io.asyn2f.testing.ApiDocumentationContract;
import io.asyn2f.web.ApiDocs;

/**
 * With {@code asyn2f.api-docs.enabled}: the served OpenAPI document is the one committed as
 * docs/openapi/aggregator-service.json, the documentation is open, and nothing else is.
 */
@TestPropertySource(properties = ApiDocs.ENABLED_PROPERTY + "=true")
@DirtiesContext // a context of its own: closed afterwards, so its database connections do not pile up
class AggregatorOpenApiIT extends AggregatorITSupport implements ApiDocumentationContract {

    @Override
    public String documentModule() {
        return "aggregator-service";
    }

    @Test
    void shouldKeepEveryOtherEndpointAuthenticated() throws Exception {
        assertThat(anonymous("/api/v1/sessions").statusCode()).isEqualTo(401);
        assertThat(anonymous("/api/v1/admin/dead-letters").statusCode()).isEqualTo(401);
        assertThat(anonymous("/actuator/env").statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> anonymous(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
