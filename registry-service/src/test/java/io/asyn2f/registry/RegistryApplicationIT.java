package io.asyn2f.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.asyn2f.registry.support.RegistryIntegrationTest;

import tools.jackson.databind.JsonNode;

/** Starts the whole application on a random port and checks what operators rely on: health and metrics. */
class RegistryApplicationIT extends RegistryIntegrationTest {

    @Test
    void shouldReportHealthUp() throws Exception {
        HttpResponse<String> response = get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = json.readTree(response.body());
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
                .contains("application=\"registry-service\"")
                .contains("asyn2f_registry_workers{")
                .contains("asyn2f_registry_tokens_refreshed_total");
    }

    @Test
    void shouldRequireAuthenticationEverywhereElse() throws Exception {
        assertProblem(get("/api/v1/anything", null), 401);
        assertProblem(get("/actuator/env", null), 401);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(path, null);
    }
}
