package io.asyn2f.worker;

import java.util.List;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;

import io.asyn2f.testing.HealthAndMetricsContract;

/** Starts the whole application on a random port and checks what operators rely on: health and metrics. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMetrics // Boot switches metrics export off in tests unless asked; the Prometheus endpoint needs it.
class WorkerAgentApplicationIT implements HealthAndMetricsContract {

    @Override
    public String applicationName() {
        return "worker-agent";
    }

    @Override
    public List<String> seriesExportedFromTheStart() {
        return List.of("asyn2f_worker_samples_trained_total", "asyn2f_worker_bytes_uploaded_bytes_total");
    }
}
