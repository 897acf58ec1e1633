package io.asyn2f.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

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
import io.asyn2f.core.aggregation.GlobalModel;
import io.asyn2f.core.aggregation.LocalUpdate;
import io.asyn2f.core.aggregation.UpdateInfo;

/**
 * ASYN2F server aggregation of {@code updates} local models of {@code parameters} floats, next to two floors that do
 * the least work with the same memory traffic: a plain sum of the same arrays into one output, on all cores (the
 * same parallelism as the aggregation) and on one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g"})
public class Asyn2fAggregationBenchmark {

    private static final int BLOCK = 4096;

    @Param({"100000", "1000000", "11000000"})
    public int parameters;

    @Param({"10"})
    public int updates;

    private final Asyn2fStrategy strategy = new Asyn2fStrategy(3);
    private GlobalModel current;
    private List<LocalUpdate> localUpdates;
    private float[][] inputs;
    private float[] out;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        current = new GlobalModel(20, Vectors.random(random, parameters));
        localUpdates = new ArrayList<>();
        inputs = new float[updates][];
        for (int k = 0; k < updates; k++) {
            UpdateInfo info = new UpdateInfo("u" + k, "w" + k, 20 - random.nextInt(5), 1_000 + random.nextInt(9_000),
                    random.nextDouble(), 0.1 + random.nextDouble(), k);
            inputs[k] = Vectors.random(random, parameters);
            localUpdates.add(new LocalUpdate(info, inputs[k]));
        }
        out = new float[parameters];
    }

    @Benchmark
    public AggregationResult asyn2fAggregate() {
        return strategy.aggregate(current, localUpdates);
    }

    @Benchmark
    public float[] floorSumAllCores() {
        int blocks = (parameters + BLOCK - 1) / BLOCK;
        IntStream.range(0, blocks).parallel().forEach(b -> sum(b * BLOCK, Math.min(parameters, (b + 1) * BLOCK)));
        return out;
    }

    @Benchmark
    public float[] floorSumOneCore() {
        for (int from = 0; from < parameters; from += BLOCK) {
            sum(from, Math.min(parameters, from + BLOCK));
        }
        return out;
    }

    private void sum(int from, int to) {
        float[] first = inputs[0];
        for (int i = from; i < to; i++) {
            out[i] = first[i];
        }
        for (int k = 1; k < inputs.length; k++) {
            float[] in = inputs[k];
            for (int i = from; i < to; i++) {
                out[i] += in[i];
            }
        }
    }
}
