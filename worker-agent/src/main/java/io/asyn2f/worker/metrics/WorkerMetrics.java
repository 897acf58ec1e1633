package io.asyn2f.worker.metrics;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The worker's own metrics, all prefixed {@code asyn2f.worker.} (Prometheus: {@code asyn2f_worker_...}):
 *
 * <table>
 *   <tr><td>{@code asyn2f.worker.samples.per.second}</td><td>gauge: training throughput of the last epoch, pacing
 *   included</td></tr>
 *   <tr><td>{@code asyn2f.worker.samples.trained}</td><td>counter: examples trained on</td></tr>
 *   <tr><td>{@code asyn2f.worker.merges}</td><td>counter: global models merged, tag {@code rule}</td></tr>
 *   <tr><td>{@code asyn2f.worker.merge.staleness}</td><td>summary: versions the worker moved forward per merge</td></tr>
 *   <tr><td>{@code asyn2f.worker.local.loss}, {@code .local.accuracy}</td><td>gauges: training loss and accuracy
 *   of the last epoch</td></tr>
 *   <tr><td>{@code asyn2f.worker.epochs}</td><td>counter: local epochs completed</td></tr>
 *   <tr><td>{@code asyn2f.worker.updates.submitted}</td><td>counter: updates uploaded and announced (not
 *   those dropped for a fresher one or refused by the gateway, the store or the broker)</td></tr>
 *   <tr><td>{@code asyn2f.worker.bytes.uploaded}, {@code .bytes.downloaded}</td><td>counters: model bytes moved</td></tr>
 * </table>
 */
public final class WorkerMetrics {

    private final MeterRegistry registry;
    private final AtomicLong samplesPerSecond = new AtomicLong(Double.doubleToRawLongBits(0));
    private final AtomicLong loss = new AtomicLong(Double.doubleToRawLongBits(Double.NaN));
    private final AtomicLong accuracy = new AtomicLong(Double.doubleToRawLongBits(Double.NaN));
    private final Counter samplesTrained;
    private final Counter epochs;
    private final Counter updatesSubmitted;
    private final Counter bytesUploaded;
    private final Counter bytesDownloaded;
    private final DistributionSummary staleness;
    private final Tags tags;

    public WorkerMetrics(MeterRegistry registry) {
        this(registry, Tags.empty());
    }

    /**
     * @param tags on every meter: several workers in one process (the standalone launcher) share one registry, each
     *             with its own {@code worker} tag
     */
    public WorkerMetrics(MeterRegistry registry, Tags tags) {
        this.registry = registry;
        this.tags = tags;
        Gauge.builder("asyn2f.worker.samples.per.second", samplesPerSecond, WorkerMetrics::read).tags(tags)
                .description("training throughput of the last epoch, pacing included").register(registry);
        Gauge.builder("asyn2f.worker.local.loss", loss, WorkerMetrics::read).tags(tags)
                .description("training loss of the last epoch").register(registry);
        Gauge.builder("asyn2f.worker.local.accuracy", accuracy, WorkerMetrics::read).tags(tags)
                .description("training accuracy of the last epoch").register(registry);
        samplesTrained = Counter.builder("asyn2f.worker.samples.trained").tags(tags)
                .description("examples trained on").register(registry);
        epochs = Counter.builder("asyn2f.worker.epochs").tags(tags)
                .description("local epochs completed").register(registry);
        updatesSubmitted = Counter.builder("asyn2f.worker.updates.submitted").tags(tags)
                .description("updates uploaded and announced").register(registry);
        bytesUploaded = Counter.builder("asyn2f.worker.bytes.uploaded").baseUnit("bytes").tags(tags)
                .description("model bytes uploaded").register(registry);
        bytesDownloaded = Counter.builder("asyn2f.worker.bytes.downloaded").baseUnit("bytes").tags(tags)
                .description("model bytes downloaded").register(registry);
        staleness = DistributionSummary.builder("asyn2f.worker.merge.staleness").tags(tags)
                .description("global versions advanced per merge").register(registry);
    }

    /** Metrics nobody scrapes (tests, the benchmark). */
    public static WorkerMetrics detached() {
        return new WorkerMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void batchTrained(int examples) {
        samplesTrained.increment(examples);
    }

    public void epochCompleted(double epochLoss, double epochAccuracy, double examplesPerSecond) {
        epochs.increment();
        loss.set(Double.doubleToRawLongBits(epochLoss));
        accuracy.set(Double.doubleToRawLongBits(epochAccuracy));
        samplesPerSecond.set(Double.doubleToRawLongBits(examplesPerSecond));
    }

    public void merged(String rule, long versionsAdvanced) {
        Counter.builder("asyn2f.worker.merges").tags(tags).tag("rule", rule)
                .description("global models merged into the local model").register(registry).increment();
        staleness.record(versionsAdvanced);
    }

    public void updateSubmitted() {
        updatesSubmitted.increment();
    }

    public void uploaded(long bytes) {
        bytesUploaded.increment(bytes);
    }

    public void downloaded(long bytes) {
        bytesDownloaded.increment(bytes);
    }

    private static double read(AtomicLong bits) {
        return Double.longBitsToDouble(bits.get());
    }
}
