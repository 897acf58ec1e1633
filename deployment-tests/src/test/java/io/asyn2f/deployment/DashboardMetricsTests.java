package io.asyn2f.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyn2f.testing.PromQlMetrics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and the alert rules query only the metric names listed in expected-metrics.txt, and that list holds
 * nothing they do not use: one place to reconcile with what the services really export.
 */
class DashboardMetricsTests {

    /** Metric names in PromQL: ours, plus the JVM/process ones Micrometer exports. Label names never match. */
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path dashboard() {
        return Chart.chartDir().resolve("dashboards/asyn2f-overview.json");
    }

    static Set<String> expectedMetrics() throws IOException {
        try (InputStream in = DashboardMetricsTests.class.getResourceAsStream("/expected-metrics.txt")) {
            Set<String> names = new TreeSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name);
                }
            }
            return names;
        }
    }

    static List<String> dashboardQueries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panel.path("targets").forEach(target -> queries.add(target.path("expr").asText()));
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.has("definition")) {
                queries.add(variable.path("definition").asText());
            }
        }
        return queries;
    }

    private static List<String> alertQueries() {
        return Chart.render(Chart.ciValues("monitoring")).ofType(PrometheusRule.class).stream()
                .flatMap(r -> r.getSpec().getGroups().stream())
                .flatMap(g -> g.getRules().stream())
                .map(Rule::getExpr)
                .map(e -> e.getStrVal() != null ? e.getStrVal() : String.valueOf(e.getIntVal()))
                .toList();
    }

    @Test
    void shouldQueryExactlyTheExpectedMetrics() throws IOException {
        List<String> queries = new ArrayList<>(dashboardQueries(JSON.readTree(dashboard().toFile())));
        queries.addAll(alertQueries());

        assertThat(PromQlMetrics.namesIn(queries)).containsExactlyInAnyOrderElementsOf(expectedMetrics());
    }

    @Test
    void shouldShowEveryTopicOperatorsAskFor() throws IOException {
        Set<String> used = PromQlMetrics.namesIn(dashboardQueries(JSON.readTree(dashboard().toFile())));

        assertThat(used).contains("asyn2f_aggregator_session_version", "asyn2f_aggregator_session_accuracy",
                "asyn2f_aggregator_aggregation_duration_seconds_sum", "asyn2f_aggregator_update_latency_seconds_sum",
                "asyn2f_aggregator_update_staleness_bucket", "asyn2f_aggregator_updates_received_total",
                "asyn2f_aggregator_updates_rejected_total", "asyn2f_registry_workers",
                "asyn2f_worker_samples_per_second", "jvm_memory_used_bytes", "jvm_gc_pause_seconds_sum",
                "process_cpu_usage");
    }

    @Test
    void shouldBeAValidGrafanaDashboard() throws IOException {
        JsonNode dashboard = JSON.readTree(dashboard().toFile());

        assertThat(dashboard.path("uid").asText()).isEqualTo("asyn2f-overview");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique panel id %s", panel.path("id")).isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(panel.path("title").asText())
                    .isLessThanOrEqualTo(24);
            if (!panel.path("type").asText().equals("row")) {
                // The data source comes from the dashboard variable, so any Grafana's Prometheus works.
                assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
                assertThat(panel.path("targets")).isNotEmpty();
            }
        }
    }

    @Test
    void shouldShipTheDashboardFileUnchangedInItsConfigMap() throws IOException {
        ConfigMap configMap = Chart.render(Chart.ciValues("monitoring")).ofType(ConfigMap.class).get(0);

        assertThat(configMap.getData().get("asyn2f-overview.json").strip())
                .isEqualTo(Files.readString(dashboard()).strip());
    }
}
