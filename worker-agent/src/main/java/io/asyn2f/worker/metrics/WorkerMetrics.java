package io.asyn2f.worker.metrics;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("asyn2f.worker.samples.per.second", samplesPerSecond, WorkerMetrics::read)
                .description("training throughput of the last epoch, pacing included").register(registry);
        Gauge.builder("asyn2f.worker.local.loss", loss, WorkerMetrics::read)
                .description("training loss of the last epoch").register(registry);
        Gauge.builder("asyn2f.worker.local.accuracy", accuracy, WorkerMetrics::read)
                .description("training accuracy of the last epoch").register(registry);
        samplesTrained = Counter.builder("asyn2f.worker.samples.trained").register(registry);
        epochs = Counter.builder("asyn2f.worker.epochs").register(registry);
        updatesSubmitted = Counter.builder("asyn2f.worker.updates.submitted").register(registry);
        bytesUploaded = Counter.builder("asyn2f.worker.bytes.uploaded").baseUnit("bytes").register(registry);
        bytesDownloaded = Counter.builder("asyn2f.worker.bytes.downloaded").baseUnit("bytes").register(registry);
        staleness = DistributionSummary.builder("asyn2f.worker.merge.staleness")
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
        registry.counter("asyn2f.worker.merges", "rule", rule).increment();
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
