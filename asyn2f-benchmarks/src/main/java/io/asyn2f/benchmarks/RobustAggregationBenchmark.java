package io.asyn2f.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.asyn2f.core.aggregation.AggregationResult;
import io.asyn2f.core.aggregation.Asyn2fStrategy;
import io.asyn2f.core.aggregation.BoundedStrategy;
import io.asyn2f.core.aggregation.CoordinateWiseMedian;
import io.asyn2f.core.aggregation.GlobalModel;
import io.asyn2f.core.aggregation.InfluenceBounds;
import io.asyn2f.core.aggregation.LocalUpdate;
import io.asyn2f.core.aggregation.MultiKrum;
import io.asyn2f.core.aggregation.TrimmedMean;
import io.asyn2f.core.aggregation.UpdateInfo;

/**
 * One bounded ASYN2F version of {@code updates} local models of {@code parameters} floats with each robust rule,
 * next to the plain bounded weighted mean: what a robust rule costs the aggregator per version.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class RobustAggregationBenchmark {

    @Param({"100000", "1000000"})
    public int parameters;

    @Param({"5"})
    public int updates;

    private final BoundedStrategy plain = new BoundedStrategy(new Asyn2fStrategy(3), InfluenceBounds.defaults());
    private final BoundedStrategy median = new BoundedStrategy(new Asyn2fStrategy(3), InfluenceBounds.defaults(),
            new CoordinateWiseMedian());
    private final BoundedStrategy trimmed = new BoundedStrategy(new Asyn2fStrategy(3), InfluenceBounds.defaults(),
            new TrimmedMean(0.2));
    private final BoundedStrategy krum = new BoundedStrategy(new Asyn2fStrategy(3), InfluenceBounds.defaults(),
            new MultiKrum(1, 0));
    private GlobalModel current;
    private List<LocalUpdate> localUpdates;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        current = new GlobalModel(20, Vectors.random(random, parameters));
        localUpdates = new ArrayList<>();
        for (int k = 0; k < updates; k++) {
            UpdateInfo info = new UpdateInfo("u" + k, "w" + k, 20 - random.nextInt(5), 1_000 + random.nextInt(9_000),
                    random.nextDouble(), 0.1 + random.nextDouble(), k);
            localUpdates.add(new LocalUpdate(info, Vectors.random(random, parameters)));
        }
    }

    @Benchmark
    public AggregationResult weightedMean() {
        return plain.aggregate(current, localUpdates);
    }

    @Benchmark
    public AggregationResult median() {
        return median.aggregate(current, localUpdates);
    }

    @Benchmark
    public AggregationResult trimmedMean() {
        return trimmed.aggregate(current, localUpdates);
    }

    @Benchmark
    public AggregationResult multiKrum() {
        return krum.aggregate(current, localUpdates);
    }
}
