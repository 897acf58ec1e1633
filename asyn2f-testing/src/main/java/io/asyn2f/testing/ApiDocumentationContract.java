package io.asyn2f.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * What every service serves with {@code asyn2f.api-docs.enabled}, checked over HTTP against the running application:
 * the OpenAPI document committed under {@code docs/openapi/} ({@link CommittedOpenApiDocument}), and Swagger UI and the
 * document without credentials. A service's document IT (a {@code @SpringBootTest} on a random port with the property
 * on) implements it, names its document, and adds that every other endpoint still wants credentials.
 */
public interface ApiDocumentationContract {

    /** The module whose document this is: {@code docs/openapi/<module>.json}. */
    String documentModule();

    @Test
    default void shouldServeTheCommittedOpenApiDocument(@Value(HealthAndMetricsContract.PORT) int port)
            throws Exception {
        CommittedOpenApiDocument.assertMatchesServed(port, documentModule(), getClass().getSimpleName());
    }

    @Test
    default void shouldServeSwaggerUiAndTheDocumentWithoutCredentials(@Value(HealthAndMetricsContract.PORT) int port)
            throws Exception {
        assertThat(LocalHttp.get(port, "/swagger-ui/index.html").statusCode()).isEqualTo(200);
        assertThat(LocalHttp.get(port, "/v3/api-docs.yaml").statusCode()).isEqualTo(200);
        assertThat(LocalHttp.get(port, "/v3/api-docs/swagger-config").statusCode()).isEqualTo(200);
    }
}
