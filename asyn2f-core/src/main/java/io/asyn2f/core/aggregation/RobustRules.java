package io.asyn2f.core.aggregation;

/** Helpers shared by the robust rules. */
final class RobustRules {

    private RobustRules() {
    }

    /** Checks the inputs of {@link RobustRule#combine} and returns their count. */
    static int check(float[][] inputs, double[] weights) {
        if (inputs.length == 0 || inputs.length != weights.length) {
            throw new IllegalArgumentException("need one weight per input, got " + inputs.length + " inputs and "
                    + weights.length + " weights");
        }
        for (int k = 0; k < inputs.length; k++) {
            if (inputs[k].length != inputs[0].length) {
                throw new IllegalArgumentException("input " + k + " has " + inputs[k].length + " parameters, expected "
                        + inputs[0].length);
            }
            if (!(weights[k] >= 0) || !Double.isFinite(weights[k])) {
                throw new IllegalArgumentException("weight " + k + " is " + weights[k]);
            }
        }
        return inputs.length;
    }

    /**
     * Coordinate {@code i} of every input, sorted ascending, into {@code values}, with the inputs' weights in the same
     * order into {@code sortedWeights}. Insertion sort: a version has a handful of updates.
     */
    static void sortedColumn(float[][] inputs, double[] weights, int i, float[] values, double[] sortedWeights) {
        for (int k = 0; k < inputs.length; k++) {
            float value = inputs[k][i];
            double weight = weights[k];
            int j = k - 1;
            while (j >= 0 && values[j] > value) {
                values[j + 1] = values[j];
                sortedWeights[j + 1] = sortedWeights[j];
                j--;
            }
            values[j + 1] = value;
            sortedWeights[j + 1] = weight;
        }
    }

    /** A rule over one coordinate: its values sorted ascending, with their weights in the same order. */
    interface ColumnRule {
        float apply(float[] sortedValues, double[] sortedWeights);
    }

    /** Applies {@code rule} coordinate by coordinate; every update keeps its weight. */
    static RobustRule.Combination columnWise(float[][] inputs, double[] weights, ColumnRule rule) {
        int n = check(inputs, weights);
        float[] out = new float[inputs[0].length];
        float[] values = new float[n];
        double[] w = new double[n];
        for (int i = 0; i < out.length; i++) {
            sortedColumn(inputs, weights, i, values, w);
            out[i] = rule.apply(values, w);
        }
        return new RobustRule.Combination(out, weights.clone());
    }
}
