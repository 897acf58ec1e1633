package io.asyn2f.standalone.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.asyn2f.standalone.results.WorkerTraffic;
import io.asyn2f.testing.Promtool;
import io.asyn2f.worker.metrics.WorkerMetrics;

/**
 * The launcher's workers' metrics over real HTTP: each worker's series under its own label, in a form promtool
 * accepts, and a scrape configuration naming all four targets.
 */
class WorkerMetricsEndpointTests {

    @Test
    void shouldServeEachWorkersMetricsUnderItsOwnLabel() throws Exception {
        try (WorkerMetricsEndpoint endpoint = WorkerMetricsEndpoint.start(0)) {
            WorkerMetrics first = endpoint.metricsFor("trainer-0", "s-1");
            WorkerMetrics tester = endpoint.metricsFor("tester", "s-1");
            first.epochCompleted(0.5, 0.8, 1200);
            first.merged("asyn2f", 2);
            tester.uploaded(64);

            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    endpoint.url().resolve(WorkerMetricsEndpoint.PATH)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("text/plain"));
            assertThat(response.body())
                    .contains("asyn2f_worker_epochs_total{session=\"s-1\",worker=\"trainer-0\"} 1.0")
                    .contains("asyn2f_worker_epochs_total{session=\"s-1\",worker=\"tester\"} 0.0")
                    .contains("asyn2f_worker_merges_total{rule=\"asyn2f\",session=\"s-1\",worker=\"trainer-0\"} 1.0")
                    .contains("asyn2f_worker_bytes_uploaded_bytes_total{session=\"s-1\",worker=\"tester\"} 64.0");
            Promtool.assertValidMetrics(response.body());
        }
    }

    @Test
    void shouldReadEachWorkersModelTrafficWithAReturningInstanceAddingToIt() throws Exception {
        try (WorkerMetricsEndpoint endpoint = WorkerMetricsEndpoint.start(0)) {
            WorkerMetrics first = endpoint.metricsFor("trainer-0", "s-1");
            first.uploaded(1_000);
            first.downloaded(3_000);
            endpoint.metricsFor("trainer-0", "s-2").uploaded(7);
            // trainer-0 leaves and a new instance for the same partition comes back in the same session
            endpoint.metricsFor("trainer-0", "s-1").downloaded(500);

            assertThat(endpoint.traffic("trainer-0", "s-1"))
                    .isEqualTo(new WorkerTraffic("trainer-0", 1_000, 3_500));
            assertThat(endpoint.traffic("trainer-0", "s-1").bytesMoved()).isEqualTo(4_500);
            assertThat(endpoint.traffic("trainer-0", "s-2").bytesMoved()).isEqualTo(7);
            assertThat(endpoint.traffic("trainer-9", "s-1").bytesMoved()).as("never started").isZero();
        }
    }

    @Test
    void shouldPrintAScrapeConfigurationForTheWholeRun() {
        String yaml = WorkerMetricsEndpoint.scrapeConfig(URI.create("http://127.0.0.1:1001"),
                URI.create("http://127.0.0.1:1002"), URI.create("http://127.0.0.1:1003"),
                URI.create("http://127.0.0.1:1004"));
        assertThat(yaml).startsWith("scrape_configs:\n")
                .contains("job_name: registry-service", "job_name: storage-gateway", "job_name: aggregator-service",
                        "job_name: asyn2f-workers", "targets: ['127.0.0.1:1004']", "metrics_path: /actuator/prometheus");
    }
}
