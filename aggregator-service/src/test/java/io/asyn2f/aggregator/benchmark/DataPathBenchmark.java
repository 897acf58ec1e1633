package io.asyn2f.aggregator.benchmark;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import io.asyn2f.aggregator.support.AggregatorITSupport;
import io.asyn2f.aggregator.support.FlTestClient.Upload;
import io.asyn2f.aggregator.support.FlTestClient;
import io.asyn2f.aggregator.support.StoreReads;
import io.asyn2f.api.catalogue.ModelCatalogue;
import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.event.WorkerRole;
import io.asyn2f.api.model.BlobKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The aggregator's data path for one version, end to end in the real application (PostgreSQL, RabbitMQ, S3Proxy):
 * ten workers' update blobs are already uploaded; the clock runs from publishing their ten update.submitted events
 * until the session shows the new version, which covers intake verification of each blob, the strategy, writing the
 * new global blob and the commit; the aggregation step alone is taken from the service's own
 * {@code asyn2f.aggregator.aggregation.duration} timer. Also counts the bytes the aggregator GETs from the store per
 * version ({@link StoreReads}: a network interceptor on its MinIO client, so every read of the real
 * {@code ModelStore} is seen). {@code -Dasyn2f.aggregator.update-cache.max-bytes=0
 * -Dasyn2f.aggregator.global-cache.max-bytes=0} gives the read-everything-twice path for an A/B comparison.
 *
 * <p>Prints numbers; asserts nothing about time. Not an {@code *IT}, so {@code verify} never runs it; run by hand:
 *
 * <pre>
 * source /tmp/ci-env.sh   # or any PostgreSQL + RabbitMQ the test infrastructure is pointed at
 * ./mvnw -B -q -pl aggregator-service -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=DataPathBenchmark -Dbenchmark.iterations=6 -Dbenchmark.warmup=2
 * </pre>
 */
@TestPropertySource(properties = {
        // Measure the data path, not the settle window that folds bursts of arrivals.
        "asyn2f.aggregator.aggregation.settle=0ms",
        "asyn2f.aggregator.retention.interval=1h"})
@Import(StoreReads.class)
class DataPathBenchmark extends AggregatorITSupport {

    /** mlp 784-14000-10: 784*14000 + 14000 + 14000*10 + 10 = 11,130,010 parameters (44.5 MB per blob). */
    static final String ARCH = "mlp:784-14000-10";
    static final int WORKERS = 10;

    @Autowired
    MeterRegistry meters;

    @Test
    void measureOneVersionOfTenUpdates() {
        int warmup = Integer.getInteger("benchmark.warmup", 2);
        int iterations = Integer.getInteger("benchmark.iterations", 6);
        long parameters = ModelCatalogue.parameterCount(ARCH);
        String id = admin.createSession(sessionJson(ARCH, "{\"name\":\"asyn2f\",\"m\":" + WORKERS + "}",
                "\"minWorkers\":" + WORKERS + ",\"maxWait\":\"PT10M\",\"defences\":{\"enabled\":false}"));
        awaitState(id, "WAITING_FOR_WORKERS");
        for (int w = 0; w < WORKERS; w++) {
            fl.register(id, "w" + w, WorkerRole.TRAINER);
        }
        awaitState(id, "RUNNING");

        SplittableRandom random = new SplittableRandom(42);
        List<Double> millis = new ArrayList<>();
        List<Long> bytes = new ArrayList<>();
        List<Long> gets = new ArrayList<>();
        List<Double> aggregationMillis = new ArrayList<>();
        for (int round = 0; round < warmup + iterations; round++) {
            long base = round;
            List<Upload> uploads = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                uploads.add(fl.upload(id, "w" + w, ARCH, BlobKind.WEIGHTS, vector(random, (int) parameters)));
            }
            StoreReads.reset();
            double aggregatedBefore = aggregationMillis();
            long started = System.nanoTime();
            for (int w = 0; w < WORKERS; w++) {
                fl.submit(FlTestClient.update("u-" + round + "-" + w, id, "w" + w, uploads.get(w), base, 100, 0.9,
                        0.5, UpdateKind.MODEL));
            }
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(5)).until(() ->
                    admin.session(id).path("currentVersion").asLong() == base + 1);
            double elapsed = (System.nanoTime() - started) / 1e6;
            // The aggregation step alone (strategy, reads it makes, write, commit), as the service times it.
            double aggregation = await().atMost(Duration.ofMinutes(1)).until(
                    () -> aggregationMillis() - aggregatedBefore, value -> value > 0);
            if (round >= warmup) {
                millis.add(elapsed);
                bytes.add(StoreReads.totalBytes());
                gets.add(StoreReads.totalGets());
                aggregationMillis.add(aggregation);
            }
            System.out.printf(Locale.ROOT, "[DataPathBenchmark] %s version %d: %.0f ms (aggregation step %.0f ms), "
                    + "%d bytes in %d GETs%n", round < warmup ? "warmup" : "measured", base + 1, elapsed,
                    aggregation, StoreReads.totalBytes(), StoreReads.totalGets());
        }
        Stats aggregationStats = Stats.of(aggregationMillis);
        System.out.printf(Locale.ROOT, "[DataPathBenchmark] aggregation step alone: %.0f ms (sd %.0f, min %.0f, "
                + "max %.0f)%n", aggregationStats.mean(), aggregationStats.sd(), aggregationStats.min(),
                aggregationStats.max());
        double mean = millis.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double sd = Math.sqrt(millis.stream().mapToDouble(m -> (m - mean) * (m - mean)).sum()
                / Math.max(1, millis.size() - 1));
        System.out.printf(Locale.ROOT, "[DataPathBenchmark] %s (%,d parameters), %d updates per version, %d versions: "
                        + "%.0f ms per version (sd %.0f, min %.0f, max %.0f); %.1f MB read from S3 per version "
                        + "(%.1f GETs)%n", ARCH, parameters, WORKERS, millis.size(), mean, sd,
                millis.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                millis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                bytes.stream().mapToLong(Long::longValue).average().orElse(Double.NaN) / 1e6,
                gets.stream().mapToLong(Long::longValue).average().orElse(Double.NaN));
    }

    private double aggregationMillis() {
        Timer timer = meters.find("asyn2f.aggregator.aggregation.duration").tag("strategy", "asyn2f").timer();
        return timer == null ? 0 : timer.totalTime(TimeUnit.MILLISECONDS);
    }

    private record Stats(double mean, double sd, double min, double max) {
        static Stats of(List<Double> values) {
            double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double sd = Math.sqrt(values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum()
                    / Math.max(1, values.size() - 1));
            return new Stats(mean, sd, values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                    values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
        }
    }

    private static float[] vector(SplittableRandom random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) (random.nextDouble() - 0.5);
        }
        return values;
    }
}
