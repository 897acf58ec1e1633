package io.asyn2f.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.asyn2f.storage.support.GatewayIntegrationTest;
import io.asyn2f.testing.HealthAndMetricsContract;

/** Starts the whole application on a random port and checks what operators rely on: health and metrics. */
@GatewayIntegrationTest
class StorageGatewayApplicationIT implements HealthAndMetricsContract {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Override
    public String applicationName() {
        return "storage-gateway";
    }

    @Override
    public List<String> seriesExportedFromTheStart() {
        return List.of("asyn2f_gateway_urls_issued_total");
    }

    @Test
    void shouldExposeTheGatewaysOwnMetricsFromTheStart() throws Exception {
        String metrics = get("/actuator/prometheus").body();

        assertThat(metrics)
                .contains("asyn2f_gateway_urls_issued_total{application=\"storage-gateway\",operation=\"update-upload\"}")
                .contains("asyn2f_gateway_refusals_total{application=\"storage-gateway\",reason=\"revoked\"}")
                .contains("asyn2f_gateway_revoked_workers{application=\"storage-gateway\"}");
    }

    @Test
    void shouldNotServeTheApiDocumentationByDefault() throws Exception {
        assertThat(get("/v3/api-docs").statusCode()).isEqualTo(401);
        assertThat(get("/swagger-ui/index.html").statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
