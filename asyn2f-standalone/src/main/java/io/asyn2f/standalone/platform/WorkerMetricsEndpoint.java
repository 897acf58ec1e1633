package io.asyn2f.standalone.platform;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.asyn2f.standalone.results.WorkerTraffic;
import io.asyn2f.worker.metrics.WorkerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The launcher's in-process workers' metrics, where Prometheus can read them: one registry for all of them, each
 * worker's meters tagged with its {@code worker} name and {@code session}, served at {@code /actuator/prometheus} on
 * one port of the loopback address (the services serve theirs on their own ports). Read-only and local, like the
 * services' actuator endpoints in the launcher.
 */
public final class WorkerMetricsEndpoint implements AutoCloseable {

    public static final String PATH = "/actuator/prometheus";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpServer server;
    private final URI url;

    private WorkerMetricsEndpoint(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext(PATH, this::scrape);
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Serves on {@code port}, or on a free one if it is 0. */
    public static WorkerMetricsEndpoint start(int port) throws IOException {
        return new WorkerMetricsEndpoint(port);
    }

    /** Where it serves (without the path). */
    public URI url() {
        return url;
    }

    /** The metrics of one worker of one session. */
    public WorkerMetrics metricsFor(String worker, String sessionId) {
        return new WorkerMetrics(registry, Tags.of("worker", worker, "session", sessionId));
    }

    /**
     * The model bytes one worker of one session has moved so far, read from its {@code asyn2f.worker.bytes.*}
     * counters (zero for a worker that moved nothing or never started).
     */
    public WorkerTraffic traffic(String worker, String sessionId) {
        return new WorkerTraffic(worker, count("asyn2f.worker.bytes.uploaded", worker, sessionId),
                count("asyn2f.worker.bytes.downloaded", worker, sessionId));
    }

    private long count(String meter, String worker, String sessionId) {
        Counter counter = registry.find(meter).tags("worker", worker, "session", sessionId).counter();
        return counter == null ? 0 : Math.round(counter.count());
    }

    /** A Prometheus scrape configuration for the whole run: the three services and the workers. */
    public static String scrapeConfig(URI registry, URI gateway, URI aggregator, URI workers) {
        StringBuilder yaml = new StringBuilder("scrape_configs:\n");
        job(yaml, "registry-service", registry);
        job(yaml, "storage-gateway", gateway);
        job(yaml, "aggregator-service", aggregator);
        job(yaml, "asyn2f-workers", workers);
        return yaml.toString();
    }

    private static void job(StringBuilder yaml, String name, URI target) {
        yaml.append("  - job_name: ").append(name).append('\n')
                .append("    metrics_path: ").append(PATH).append('\n')
                .append("    static_configs:\n")
                .append("      - targets: ['").append(target.getHost()).append(':').append(target.getPort())
                .append("']\n");
    }

    private void scrape(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        registry.close();
    }
}
