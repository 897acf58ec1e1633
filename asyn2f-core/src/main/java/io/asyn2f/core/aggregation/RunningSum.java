package io.asyn2f.core.aggregation;

import java.util.stream.IntStream;

/**
 * {@code sum = sum_k weights[k] * inputs[k]} built one input at a time: the streaming form of {@link WeightedSum}.
 * Every coordinate goes through the same float operations in the same order as there ({@code w_0 x_0}, then
 * {@code + w_k x_k} for each further input), so the result is bit for bit {@link WeightedSum#of}'s. What it gives up
 * is the blocking: the sum is read and written once per input instead of once. Long vectors are split across the
 * common fork-join pool, as there.
 */
final class RunningSum {

    private final float[] sum;
    private boolean empty = true;

    RunningSum(int length) {
        this.sum = new float[length];
    }

    /** Adds {@code weight * input}; the input is read, not kept. */
    void add(float[] input, double weight) {
        if (input.length != sum.length) {
            throw new IllegalArgumentException("input has " + input.length + " parameters, expected " + sum.length);
        }
        if (!Double.isFinite(weight)) {
            throw new IllegalArgumentException("weight is " + weight);
        }
        float w = (float) weight;
        boolean first = empty;
        empty = false;
        int blocks = (sum.length + WeightedSum.BLOCK - 1) / WeightedSum.BLOCK;
        IntStream range = IntStream.range(0, blocks);
        if (sum.length >= WeightedSum.PARALLEL_THRESHOLD) {
            range = range.parallel();
        }
        range.forEach(block -> {
            int from = block * WeightedSum.BLOCK;
            int to = Math.min(sum.length, from + WeightedSum.BLOCK);
            if (first) {
                for (int i = from; i < to; i++) {
                    sum[i] = w * input[i];
                }
            } else {
                for (int i = from; i < to; i++) {
                    sum[i] += w * input[i];
                }
            }
        });
    }

    /** The sum; at least one input must have been added. */
    float[] sum() {
        if (empty) {
            throw new IllegalStateException("nothing was added");
        }
        return sum;
    }
}
