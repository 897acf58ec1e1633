package io.asyn2f.aggregator.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import com.google.common.util.concurrent.AtomicDouble;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The aggregator's metrics, all prefixed {@code asyn2f.aggregator.}:
 * <ul>
 *   <li>{@code aggregation.duration} (timer, tag {@code strategy}): building and committing one global version;</li>
 *   <li>{@code updates.received} (counter): updates accepted and recorded;</li>
 *   <li>{@code updates.rejected} (counter, tag {@code reason}): refused updates;</li>
 *   <li>{@code update.staleness} (distribution summary, tag {@code strategy}): staleness of aggregated updates;</li>
 *   <li>{@code update.latency} (timer): from an update's {@code occurredAt} to the commit of the version using it;</li>
 *   <li>{@code session.version} and {@code session.accuracy} (gauges, tag {@code session});</li>
 *   <li>{@code update.cache.lookups} and {@code global.cache.lookups} (counters, tag {@code result} = {@code hit} or
 *       {@code miss}) and {@code update.cache.bytes} (gauge): the in-memory data path ({@code aggregation/}
 *       {@code VerifiedUpdateCache}, {@code CommittedModelCache});</li>
 *   <li>{@code retention.deleted} and {@code retention.bytes} (counters, tag {@code kind} = {@code update} or
 *       {@code global}): objects retention deleted from the store, and their bytes.</li>
 * </ul>
 */
@Component
public class AggregatorMetrics {

    public static final String PREFIX = "asyn2f.aggregator.";
    public static final String RETENTION_UPDATE = "update";
    public static final String RETENTION_GLOBAL = "global";

    private final MeterRegistry registry;
    private final Counter received;
    private final Timer latency;
    private final Map<String, Counter> retentionDeleted = new ConcurrentHashMap<>();
    private final Map<String, Counter> retentionBytes = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();
    private final Map<String, AtomicDouble> accuracies = new ConcurrentHashMap<>();

    AggregatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.received = Counter.builder(PREFIX + "updates.received")
                .description("local updates accepted and recorded").register(registry);
        this.latency = Timer.builder(PREFIX + "update.latency")
                .description("time from an update's submission to the commit of the global version that includes it")
                .register(registry);
        // Registered up front, so dashboards show zero rather than no data before the first sweep deletes anything.
        for (String kind : new String[] {RETENTION_UPDATE, RETENTION_GLOBAL}) {
            retentionDeleted.put(kind, Counter.builder(PREFIX + "retention.deleted")
                    .description("objects deleted from the store by retention").tag("kind", kind).register(registry));
            retentionBytes.put(kind, Counter.builder(PREFIX + "retention.bytes").baseUnit("bytes")
                    .description("bytes deleted from the store by retention").tag("kind", kind).register(registry));
        }
    }

    public void updateReceived() {
        received.increment();
    }

    public void updateRejected(String reason) {
        Counter.builder(PREFIX + "updates.rejected").description("refused local updates, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    public void aggregated(String strategy, Duration duration) {
        Timer.builder(PREFIX + "aggregation.duration").description("time to build and commit one global version")
                .tag("strategy", strategy).register(registry).record(duration);
    }

    public void staleness(String strategy, long staleness) {
        DistributionSummary.builder(PREFIX + "update.staleness").description("staleness of aggregated updates")
                .tag("strategy", strategy).register(registry).record(staleness);
    }

    public void updateLatency(Duration duration) {
        latency.record(duration.isNegative() ? Duration.ZERO : duration);
    }

    public void version(String sessionId, long version) {
        versions.computeIfAbsent(sessionId, id -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder(PREFIX + "session.version", holder, AtomicLong::doubleValue)
                    .description("newest committed global version").tag("session", id).register(registry);
            return holder;
        }).set(version);
    }

    public void accuracy(String sessionId, double accuracy) {
        accuracies.computeIfAbsent(sessionId, id -> {
            AtomicDouble holder = new AtomicDouble(Double.NaN);
            Gauge.builder(PREFIX + "session.accuracy", holder, AtomicDouble::get)
                    .description("last accuracy reported by a tester").tag("session", id).register(registry);
            return holder;
        }).set(accuracy);
    }

    /** One object of {@code kind} ({@link #RETENTION_UPDATE} or {@link #RETENTION_GLOBAL}) deleted by retention. */
    public void retentionDeleted(String kind, long bytes) {
        retentionDeleted.get(kind).increment();
        retentionBytes.get(kind).increment(bytes);
    }
}
