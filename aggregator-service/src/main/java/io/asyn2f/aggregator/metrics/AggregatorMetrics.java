package io.asyn2f.aggregator.metrics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

import com.google.common.util.concurrent.AtomicDouble;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.asyn2f.web.PrometheusConventions;

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
 *       {@code global}): objects retention deleted from the store, and their bytes;</li>
 *   <li>{@code stage.duration} (timer, tag {@code stage}): where the time of intake and aggregation goes, one stage at
 *       a time ({@link #STAGES}).</li>
 * </ul>
 */
@Component
@Import(PrometheusConventions.class) // metric names and HELP texts promtool accepts
public class AggregatorMetrics {

    public static final String PREFIX = "asyn2f.aggregator.";
    public static final String RETENTION_UPDATE = "update";
    public static final String RETENTION_GLOBAL = "global";

    /** Intake: verifying the sender's token. */
    public static final String INTAKE_TOKEN = "intake.token";
    /** Intake: reading the stored object and verifying it (size, sha-256, blob format). */
    public static final String INTAKE_BLOB = "intake.blob";
    /** Intake: the transaction that records the update. */
    public static final String INTAKE_RECORD = "intake.record";
    /** Aggregation: reading the pending updates and active trainers and the strategy's selection. */
    public static final String AGGREGATION_SELECT = "aggregation.select";
    /** Aggregation: loading the current global model and the selected updates' parameters (every pass). */
    public static final String AGGREGATION_LOAD = "aggregation.load";
    /** Aggregation: the arithmetic, folding the loaded parameters into the new version (loading not counted). */
    public static final String AGGREGATION_SUM = "aggregation.sum";
    /** Aggregation: writing the new version's blob to the store. */
    public static final String AGGREGATION_WRITE = "aggregation.write";
    /** Aggregation: the transaction that commits the version. */
    public static final String AGGREGATION_COMMIT = "aggregation.commit";
    /** Every value of the {@code stage} tag, in the order a version goes through them. */
    public static final List<String> STAGES = List.of(INTAKE_TOKEN, INTAKE_BLOB, INTAKE_RECORD, AGGREGATION_SELECT,
            AGGREGATION_LOAD, AGGREGATION_SUM, AGGREGATION_WRITE, AGGREGATION_COMMIT);

    private final MeterRegistry registry;
    private final Counter received;
    private final Timer latency;
    private final Map<String, Counter> retentionDeleted = new ConcurrentHashMap<>();
    private final Map<String, Counter> retentionBytes = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();
    private final Map<String, AtomicDouble> accuracies = new ConcurrentHashMap<>();
    private final Map<String, Timer> stages;
    private final DistributionSummary intakeBatch;

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
        Map<String, Timer> timers = new LinkedHashMap<>();
        for (String stage : STAGES) {
            timers.put(stage, Timer.builder(PREFIX + "stage.duration")
                    .description("time spent in one stage of update intake or aggregation").tag("stage", stage)
                    .register(registry));
        }
        this.stages = Map.copyOf(timers);
        this.intakeBatch = DistributionSummary.builder(PREFIX + "intake.batch.size")
                .description("updates recorded in one intake transaction").register(registry);
    }

    /** One intake transaction recorded {@code updates} updates. */
    public void intakeBatch(int updates) {
        intakeBatch.record(updates);
    }

    /** One pass through {@code stage} (one of {@link #STAGES}) that took {@code nanos}. */
    public void stage(String stage, long nanos) {
        Timer timer = stages.get(stage);
        if (timer == null) {
            throw new IllegalArgumentException("unknown stage " + stage);
        }
        timer.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /** One pass through {@code stage} that began at {@code startNanos} ({@link System#nanoTime}) and ends now. */
    public void stageSince(String stage, long startNanos) {
        stage(stage, System.nanoTime() - startNanos);
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
