package io.asyn2f.aggregator;

import java.util.List;

import io.asyn2f.aggregator.support.AggregatorITSupport;
import io.asyn2f.testing.HealthAndMetricsContract;

/** Starts the whole application on a random port and checks what operators rely on: health and metrics. */
class AggregatorApplicationIT extends AggregatorITSupport implements HealthAndMetricsContract {

    @Override
    public int serverPort() {
        return port;
    }

    @Override
    public String applicationName() {
        return "aggregator-service";
    }

    @Override
    public List<String> seriesExportedFromTheStart() {
        return List.of("asyn2f_aggregator_updates_received_total");
    }
}
