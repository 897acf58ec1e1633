package io.asyn2f.core.aggregation;

import java.util.List;
import java.util.stream.IntStream;

/**
 * {@code out[i] = sum_k weights[k] * inputs[k][i]}, the kernel behind every server-side rule.
 *
 * <p>The vector is processed in cache-sized blocks: each block of the output is built from every input while it
 * stays in L1, so each input is read once and the output written once (a naive input-by-input loop streams the
 * output through memory k times). Long vectors are split across the common fork-join pool.
 */
public final class WeightedSum {

    /** Floats per block: 16 KiB of output, small enough to stay in L1 next to the streamed inputs. */
    static final int BLOCK = 4096;

    /** Below this length a single thread is faster than forking. */
    static final int PARALLEL_THRESHOLD = 1 << 18;

    private WeightedSum() {
    }

    /** Returns a new array with the weighted sum of {@code inputs}. */
    public static float[] of(List<float[]> inputs, double[] weights) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("at least one input is required");
        }
        float[] out = new float[inputs.get(0).length];
        into(out, inputs.toArray(float[][]::new), weights);
        return out;
    }

    /** Writes the weighted sum of {@code inputs} into {@code out}, which may not be one of the inputs. */
    public static void into(float[] out, float[][] inputs, double[] weights) {
        if (inputs.length == 0 || inputs.length != weights.length) {
            throw new IllegalArgumentException(
                    "need one weight per input, got " + inputs.length + " inputs and " + weights.length + " weights");
        }
        float[] w = new float[weights.length];
        for (int k = 0; k < inputs.length; k++) {
            if (inputs[k].length != out.length) {
                throw new IllegalArgumentException("input " + k + " has " + inputs[k].length
                        + " parameters, expected " + out.length);
            }
            if (inputs[k] == out) {
                throw new IllegalArgumentException("the output must not be one of the inputs");
            }
            if (!Double.isFinite(weights[k])) {
                throw new IllegalArgumentException("weight " + k + " is " + weights[k]);
            }
            w[k] = (float) weights[k];
        }
        int blocks = (out.length + BLOCK - 1) / BLOCK;
        IntStream range = IntStream.range(0, blocks);
        if (out.length >= PARALLEL_THRESHOLD) {
            range = range.parallel();
        }
        range.forEach(block -> sumBlock(out, inputs, w, block * BLOCK, Math.min(out.length, (block + 1) * BLOCK)));
    }

    private static void sumBlock(float[] out, float[][] inputs, float[] w, int from, int to) {
        float[] first = inputs[0];
        float w0 = w[0];
        for (int i = from; i < to; i++) {
            out[i] = w0 * first[i];
        }
        for (int k = 1; k < inputs.length; k++) {
            float[] in = inputs[k];
            float wk = w[k];
            for (int i = from; i < to; i++) {
                out[i] += wk * in[i];
            }
        }
    }
}
