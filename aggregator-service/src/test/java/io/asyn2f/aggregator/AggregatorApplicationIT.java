package io.asyn2f.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.asyn2f.aggregator.support.AggregatorITSupport;
import io.asyn2f.testing.HealthAndMetricsContract;

/** Starts the whole application on a random port and checks what operators rely on: health and metrics. */
class AggregatorApplicationIT extends AggregatorITSupport implements HealthAndMetricsContract {

    @Override
    public String applicationName() {
        return "aggregator-service";
    }

    @Override
    public List<String> seriesExportedFromTheStart() {
        return List.of("asyn2f_aggregator_updates_received_total");
    }

    @Test
    void shouldNotServeTheApiDocumentationByDefault() throws Exception {
        for (String path : List.of("/v3/api-docs", "/swagger-ui/index.html")) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(401);
        }
    }
}
