package io.asyn2f.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import io.asyn2f.aggregator.metrics.AggregatorMetrics;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.embedded.EmbeddedAmqpBroker;
import io.asyn2f.standalone.platform.AdminClient;
import io.asyn2f.standalone.platform.Platform;
import io.asyn2f.testing.PromQlMetrics;
import io.asyn2f.worker.metrics.WorkerMetrics;

/**
 * Every metric name the Grafana dashboard ({@code helm/asyn2f/dashboards/*.json}) and the PrometheusRule
 * ({@code helm/asyn2f/templates/metrics/prometheusrule.yaml}) query is one the services really export: the real
 * registry, storage gateway and aggregator are started in this JVM (everything embedded) and their
 * {@code /actuator/prometheus} pages scraped; the worker's {@link WorkerMetrics} is bound to a Prometheus registry and
 * scraped the same way.
 *
 * <p>Some meters are registered on first use. The test scrapes once right after the start, then uses the services
 * the way a deployment does (a registration for an unknown session, a session, an unreadable update on the broker, a worker merge)
 * and scrapes again. Three aggregator meters appear only after a committed aggregation or a tester's report, which
 * needs a training run: for those the real {@link AggregatorMetrics} class is bound to a Prometheus registry configured
 * as the chart configures the aggregator (histogram for the staleness summary). What was absent at the start is
 * printed, so it stays visible.
 *
 * <p>On the same platform: the launcher turns the services' API documentation on, so each serves its OpenAPI document
 * and Swagger UI without credentials (off by default everywhere else).
 */
class MetricNamesIT {

    /** A sample line of the Prometheus text format: the series name is everything before '{' or ' '. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);
    /** The chart (and the compose file) switch this histogram on for the dashboard's staleness heatmap. */
    private static final String STALENESS_HISTOGRAM =
            "management.metrics.distribution.percentiles-histogram.asyn2f.aggregator.update.staleness";

    private static final Path CHART = Path.of("..", "helm", "asyn2f");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path store;

    @Test
    void shouldExportEveryMetricTheDashboardAndTheAlertsQuery() throws Exception {
        Set<String> dashboard = dashboardNames();
        Set<String> alerts = alertNames();
        Set<String> used = new TreeSet<>(dashboard);
        used.addAll(alerts);
        assertThat(dashboard).as("metric names in the dashboard").isNotEmpty();
        assertThat(alerts).as("metric names in the PrometheusRule").isNotEmpty();

        Set<String> atStart = new TreeSet<>();
        Set<String> afterUse = new TreeSet<>();
        Set<String> afterAggregation = new TreeSet<>();
        System.setProperty(STALENESS_HISTOGRAM, "true");
        try (EmbeddedAmqpBroker broker = EmbeddedAmqpBroker.start();
                Platform platform = Platform.start(new LauncherOptions.External(amqpUri(broker), null, null, null,
                        null, null, null, null), store, System.out)) {
            Map<String, URI> services = new LinkedHashMap<>();
            services.put("registry-service", platform.registryUrl());
            services.put("storage-gateway", platform.gatewayUrl());
            services.put("aggregator-service", platform.aggregatorUrl());

            PrometheusMeterRegistry workerRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            WorkerMetrics worker = new WorkerMetrics(workerRegistry);
            for (Map.Entry<String, URI> service : services.entrySet()) {
                atStart.addAll(names(scrape(service.getKey(), service.getValue())));
                assertServesApiDocumentation(service.getKey(), service.getValue());
            }
            atStart.addAll(names(workerRegistry.scrape()));

            // First use, as in a deployment.
            refusedRegistration(platform);
            new AdminClient(platform.aggregatorUrl(), platform.adminUser(), platform.adminPassword())
                    .createSession(TinySession.configuration("metric names test"));
            unreadableUpdate(broker);
            worker.batchTrained(32);
            worker.epochCompleted(0.5, 0.8, 100);
            worker.merged("asyn2f", 1);
            worker.updateSubmitted();
            worker.uploaded(1000);
            worker.downloaded(1000);

            // Wait (bounded) for the meters the uses above create; if some never appear, the assertions below
            // name them.
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    afterUse.clear();
                    for (Map.Entry<String, URI> service : services.entrySet()) {
                        afterUse.addAll(names(scrape(service.getKey(), service.getValue())));
                    }
                    afterUse.addAll(names(workerRegistry.scrape()));
                    return afterUse.containsAll(Set.of("asyn2f_registry_registrations_total",
                            "asyn2f_aggregator_session_version", "asyn2f_aggregator_updates_rejected_total"));
                });
            } catch (ConditionTimeoutException notAllAppeared) {
                // reported by the assertions on the union of names
            }
        } finally {
            System.clearProperty(STALENESS_HISTOGRAM);
        }
        afterAggregation.addAll(names(aggregatorAfterAnAggregation().scrape()));

        Set<String> exported = new TreeSet<>(atStart);
        exported.addAll(afterUse);
        exported.addAll(afterAggregation);
        System.out.println("metric names the dashboard and alerts use: " + used);
        System.out.println("absent right after the start (registered on first use): " + minus(used, atStart));
        System.out.println("absent until a committed aggregation / tester report (seen on AggregatorMetrics only): "
                + minus(minus(used, atStart), afterUse));
        System.out.println("asyn2f names exported: "
                + exported.stream().filter(n -> n.startsWith("asyn2f_")).toList());

        assertThat(minus(dashboard, exported)).as("dashboard metrics no service exports").isEmpty();
        assertThat(minus(alerts, exported)).as("alert metrics no service exports").isEmpty();
        // The alerts must work from the first scrape, not only after first use.
        assertThat(minus(alerts, union(atStart, afterUse))).as("alert metrics the live services do not export")
                .isEmpty();
    }

    private void assertServesApiDocumentation(String service, URI base) throws IOException, InterruptedException {
        for (String path : List.of("/v3/api-docs", "/swagger-ui/index.html")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s %s in the launcher", service, path).isEqualTo(200);
        }
    }

    // ------------------------------------------------------------------------------------------------ first use

    /** A registration with a credential the registry never issued: counted with {@code outcome=unauthorized}. */
    private void refusedRegistration(Platform platform) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                platform.registryUrl().resolve("/api/v1/sessions/s-none/workers"))
                .header("Authorization", "Bearer not-an-enrollment-token")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"trainer\",\"samples\":10,\"quality\":1.0}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
    }

    /** A message on the aggregator's update queue that is no event: rejected with reason UNREADABLE. */
    private static void unreadableUpdate(EmbeddedAmqpBroker broker) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(broker.host());
        factory.setPort(broker.port());
        factory.setUsername(EmbeddedAmqpBroker.USERNAME);
        factory.setPassword(EmbeddedAmqpBroker.PASSWORD);
        factory.setVirtualHost(EmbeddedAmqpBroker.VIRTUAL_HOST);
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            channel.basicPublish("", EventRouting.AGGREGATOR_UPDATES_QUEUE, null,
                    "not an event".getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The real {@link AggregatorMetrics} after one committed aggregation and one tester report, on a registry
     * configured like the deployed aggregator (the staleness summary as a histogram).
     */
    private static PrometheusMeterRegistry aggregatorAfterAnAggregation() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                return id.getName().startsWith("asyn2f.aggregator.update.staleness")
                        ? DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config)
                        : config;
            }
        });
        Constructor<AggregatorMetrics> constructor = AggregatorMetrics.class.getDeclaredConstructor(MeterRegistry.class);
        constructor.setAccessible(true);
        AggregatorMetrics metrics = constructor.newInstance(registry);
        metrics.aggregated("asyn2f", Duration.ofMillis(20));
        metrics.staleness("asyn2f", 2);
        metrics.version("s-1", 1);
        metrics.accuracy("s-1", 0.5);
        metrics.updateLatency(Duration.ofMillis(300));
        return registry;
    }

    // ------------------------------------------------------------------------------------------------ scraping

    /** Scrapes a service's {@code /actuator/prometheus}, waiting up to a minute for it to answer. */
    private String scrape(String service, URI base) {
        URI uri = base.resolve("/actuator/prometheus");
        AtomicReference<String> body = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .alias(service + " " + uri + " answers 200").until(() -> {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).GET()
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                    body.set(response.body());
                    return response.statusCode() == 200;
                });
        assertThat(body.get()).as(service).contains("application=\"" + service + "\"");
        return body.get();
    }

    /** Series names in the Prometheus text format (comments skipped). */
    static Set<String> names(String exposition) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = SAMPLE.matcher(exposition);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    // ------------------------------------------------------------------------------------------------ queries

    /** Names in every panel target and variable query of every dashboard. */
    private static Set<String> dashboardNames() throws IOException {
        List<String> queries = new ArrayList<>();
        try (var files = Files.list(CHART.resolve("dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                String json = Files.readString(file);
                // "expr", "definition" and "query" strings hold PromQL; other strings hold no names PromQlMetrics
                // finds, except titles and descriptions, which the pattern below leaves out.
                Matcher matcher = Pattern.compile("\"(?:expr|definition|query)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")
                        .matcher(json);
                while (matcher.find()) {
                    queries.add(matcher.group(1));
                }
            }
        }
        return PromQlMetrics.namesIn(queries);
    }

    /** Names in the PrometheusRule's {@code expr} blocks (template text: only the PromQL part is read). */
    private static Set<String> alertNames() throws IOException {
        List<String> lines = Files.readAllLines(CHART.resolve("templates/metrics/prometheusrule.yaml"));
        List<String> queries = new ArrayList<>();
        boolean inExpr = false;
        int exprIndent = 0;
        for (String line : lines) {
            int indent = line.length() - line.stripLeading().length();
            if (inExpr && !line.isBlank() && indent <= exprIndent) {
                inExpr = false;
            }
            if (line.stripLeading().startsWith("expr:")) {
                inExpr = true;
                exprIndent = indent;
                queries.add(line.stripLeading().substring("expr:".length()));
            } else if (inExpr) {
                queries.add(line);
            }
        }
        return PromQlMetrics.namesIn(queries);
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> result = new TreeSet<>(a);
        result.addAll(b);
        return result;
    }

    private static String amqpUri(EmbeddedAmqpBroker broker) {
        return "amqp://" + EmbeddedAmqpBroker.USERNAME + ":" + EmbeddedAmqpBroker.PASSWORD + "@" + broker.host() + ":"
                + broker.port() + "/" + EmbeddedAmqpBroker.VIRTUAL_HOST;
    }
}
