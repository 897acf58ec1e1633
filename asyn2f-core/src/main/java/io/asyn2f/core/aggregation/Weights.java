package io.asyn2f.core.aggregation;

import java.util.Arrays;

/** Normalisation of aggregation weights. */
final class Weights {

    private Weights() {
    }

    /** Scales {@code weights} in place to sum to one; equal weights if their sum is zero or not finite. */
    static void normaliseOrEqual(double[] weights) {
        double sum = 0;
        for (double weight : weights) {
            if (weight < 0 || Double.isNaN(weight)) {
                throw new IllegalArgumentException("a weight is negative or NaN: " + Arrays.toString(weights));
            }
            sum += weight;
        }
        if (sum > 0 && Double.isFinite(sum)) {
            for (int k = 0; k < weights.length; k++) {
                weights[k] /= sum;
            }
        } else {
            Arrays.fill(weights, 1.0 / weights.length);
        }
    }
}
