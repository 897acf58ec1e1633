package io.asyn2f.registry;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.asyn2f.registry.support.RegistryIntegrationTest;
import io.asyn2f.testing.HealthAndMetricsContract;

/** Starts the whole application on a random port and checks what operators rely on: health and metrics. */
class RegistryApplicationIT extends RegistryIntegrationTest implements HealthAndMetricsContract {

    @Override
    public String applicationName() {
        return "registry-service";
    }

    @Override
    public List<String> seriesExportedFromTheStart() {
        return List.of("asyn2f_registry_workers{", "asyn2f_registry_tokens_refreshed_total");
    }

    @Test
    void shouldRequireAuthenticationEverywhereElse() throws Exception {
        assertProblem(get("/api/v1/anything", null), 401);
        assertProblem(get("/actuator/env", null), 401);
    }

    @Test
    void shouldNotServeTheApiDocumentationByDefault() throws Exception {
        assertProblem(get("/v3/api-docs", null), 401);
        assertProblem(get("/swagger-ui/index.html", null), 401);
    }
}
