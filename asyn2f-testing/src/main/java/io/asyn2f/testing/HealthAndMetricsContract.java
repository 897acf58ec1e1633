package io.asyn2f.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

/**
 * What operators rely on in every service, checked over HTTP against the running application: health with the
 * liveness and readiness probes the Helm chart points at, and the Prometheus scrape with the common {@code application}
 * tag, in a form Prometheus's own checker accepts ({@code promtool check metrics}, see {@link Promtool}). A service's
 * application IT implements it, says where the application listens and which of its own series must
 * be there from the start, and adds its own checks beside these.
 */
public interface HealthAndMetricsContract {

    /** The port the application under test listens on (its {@code @LocalServerPort}). */
    int serverPort();

    /** {@code spring.application.name}: the value of the {@code application} tag on every series. */
    String applicationName();

    /** Text the Prometheus scrape must contain before any traffic: the service's own series (a name, or its start). */
    List<String> seriesExportedFromTheStart();

    @Test
    default void shouldReportHealthUp() throws Exception {
        HttpResponse<String> response = get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new JsonMapper().readTree(response.body()).path("status").asString()).isEqualTo("UP");
    }

    @Test
    default void shouldReportLivenessAndReadinessProbes() throws Exception {
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    @Test
    default void shouldExposePrometheusMetricsTaggedWithApplicationName() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus");

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
    default void shouldExportMetricsPromtoolAccepts() throws Exception {
        get("/actuator/health");
        get("/actuator/health/readiness");
        get("/api/v1/no-such-endpoint");
        HttpResponse<String> response = get("/actuator/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        Promtool.assertValidMetrics(response.body());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://localhost:" + serverPort() + path);
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
