package io.asyn2f.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.asyn2f.aggregator.support.AggregatorITSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Starts the whole application on a random port and checks what operators rely on: health and metrics. */
class AggregatorApplicationIT extends AggregatorITSupport {

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    private JsonMapper jsonMapper;

    @Test
    void shouldReportHealthUp() throws Exception {
        HttpResponse<String> response = get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = jsonMapper.readTree(response.body());
        assertThat(health.path("status").asString()).isEqualTo("UP");
    }

    @Test
    void shouldReportLivenessAndReadinessProbes() throws Exception {
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldExposePrometheusMetricsTaggedWithApplicationName() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("jvm_memory_used_bytes")
                .contains("application=\"aggregator-service\"")
                .contains("asyn2f_aggregator_updates_received_total");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
