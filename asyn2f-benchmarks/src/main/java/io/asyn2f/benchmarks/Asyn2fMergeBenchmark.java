package io.asyn2f.benchmarks;

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

import io.asyn2f.core.merge.Asyn2fMerge;
import io.asyn2f.core.merge.GlobalSnapshot;
import io.asyn2f.core.merge.LocalState;

/**
 * The ASYN2F worker merge (reads W_prev, W_cur, W_g; writes W) next to a floor with the same traffic and no
 * decisions: {@code out[i] = prev[i] + cur[i] + global[i]}. Both single-threaded, as a worker runs them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class Asyn2fMergeBenchmark {

    @Param({"100000", "1000000", "11000000"})
    public int parameters;

    private final Asyn2fMerge merge = Asyn2fMerge.withDefaults();
    private float[] previous;
    private float[] current;
    private GlobalSnapshot global;
    private LocalState local;
    private float[] out;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(2);
        previous = Vectors.random(random, parameters);
        current = Vectors.random(random, parameters);
        global = new GlobalSnapshot(9, Vectors.random(random, parameters), 0.8, 0.6, 60_000, 0.05);
        local = new LocalState(0.9, 12_000, 0.7);
        out = new float[parameters];
    }

    @Benchmark
    public float[] asyn2fMerge() {
        merge.mergeInto(previous, current, global, local, out);
        return out;
    }

    @Benchmark
    public float[] floorThreeInOneOut() {
        float[] g = global.parameters();
        for (int i = 0; i < out.length; i++) {
            out[i] = previous[i] + current[i] + g[i];
        }
        return out;
    }
}
