package io.asyn2f.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import tools.jackson.databind.json.JsonMapper;

/**
 * What operators rely on in every service, checked over HTTP against the running application: health with the
 * liveness and readiness probes the Helm chart points at, and the Prometheus scrape with the common {@code application}
 * tag, in a form Prometheus's own checker accepts ({@code promtool check metrics}, see {@link Promtool}). A service's
 * application IT (a {@code @SpringBootTest} on a random port: Spring hands each check the port) implements it, says
 * which of its own series must be there from the start, and adds its own checks beside these.
 */
public interface HealthAndMetricsContract {

    /** The port the application under test listens on, as Spring resolves a check's parameter. */
    String PORT = "${local.server.port}";

    /** {@code spring.application.name}: the value of the {@code application} tag on every series. */
    String applicationName();

    /** Text the Prometheus scrape must contain before any traffic: the service's own series (a name, or its start). */
    List<String> seriesExportedFromTheStart();

    @Test
    default void shouldReportHealthUp(@Value(PORT) int port) throws Exception {
        HttpResponse<String> response = LocalHttp.get(port, "/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new JsonMapper().readTree(response.body()).path("status").asString()).isEqualTo("UP");
    }

    @Test
    default void shouldReportLivenessAndReadinessProbes(@Value(PORT) int port) throws Exception {
        assertThat(LocalHttp.get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(LocalHttp.get(port, "/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    @Test
    default void shouldExposePrometheusMetricsTaggedWithApplicationName(@Value(PORT) int port) throws Exception {
        HttpResponse<String> response = LocalHttp.get(port, "/actuator/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("jvm_memory_used_bytes")
                .contains("application=\"" + applicationName() + "\"")
                .contains(seriesExportedFromTheStart());
    }

    /**
     * After a few requests (so the HTTP server's timers exist), the scrape passes {@code promtool check metrics}: every
     * series has HELP and TYPE, names and units follow Prometheus's conventions.
     */
    @Test
    default void shouldExportMetricsPromtoolAccepts(@Value(PORT) int port) throws Exception {
        LocalHttp.get(port, "/actuator/health");
        LocalHttp.get(port, "/actuator/health/readiness");
        LocalHttp.get(port, "/api/v1/no-such-endpoint");
        HttpResponse<String> response = LocalHttp.get(port, "/actuator/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        Promtool.assertValidMetrics(response.body());
    }
}
