package io.asyn2f.core.aggregation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Multi-Krum (Blanchard et al. 2017; El Mhamdi et al. 2018): for at most {@code f} hostile updates among {@code n},
 * each update's score is the sum of its squared distances to its {@code n - f - 2} nearest other updates; the
 * {@code m} updates with the lowest scores enter the strategy's own weighted mean (their weights renormalised), the
 * others get weight 0. An outlier far from every honest update has a high score and is left out, whatever weight its
 * report would have given it. Needs {@code n >= 2f + 3}.
 */
public final class MultiKrum implements RobustRule {

    private final int byzantine;
    private final int selected;

    /**
     * @param byzantine f, the hostile updates to tolerate (>= 1)
     * @param selected  m, the updates kept (at most {@code n - f} whatever m says; 0: {@code n - f})
     */
    public MultiKrum(int byzantine, int selected) {
        if (byzantine < 1) {
            throw new IllegalArgumentException("the number of hostile updates f must be >= 1, was " + byzantine);
        }
        if (selected < 0) {
            throw new IllegalArgumentException("the number of selected updates m must be >= 0, was " + selected);
        }
        this.byzantine = byzantine;
        this.selected = selected;
    }

    public int byzantine() {
        return byzantine;
    }

    public int selected() {
        return selected;
    }

    @Override
    public String name() {
        return "multi-krum";
    }

    @Override
    public int minUpdates() {
        return 2 * byzantine + 3;
    }

    @Override
    public Combination combine(float[][] inputs, double[] weights) {
        int n = RobustRules.check(inputs, weights);
        if (n < minUpdates()) {
            throw new IllegalArgumentException("multi-Krum with f = " + byzantine + " needs at least " + minUpdates()
                    + " updates, got " + n);
        }
        boolean[] keep = select(inputs);
        double[] kept = new double[n];
        double sum = 0;
        int count = 0;
        for (int k = 0; k < n; k++) {
            if (keep[k]) {
                kept[k] = weights[k];
                sum += weights[k];
                count++;
            }
        }
        for (int k = 0; k < n; k++) {
            if (keep[k]) {
                kept[k] = sum > 0 ? kept[k] / sum : 1.0 / count;
            }
        }
        float[] out = new float[inputs[0].length];
        WeightedSum.into(out, inputs, kept);
        return new Combination(out, kept);
    }

    /** Which updates the scores keep. */
    boolean[] select(float[][] inputs) {
        int n = inputs.length;
        double[][] squared = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                double d = BoundedStrategy.distance(inputs[a], inputs[b]);
                squared[a][b] = d * d;
                squared[b][a] = d * d;
            }
        }
        int neighbours = n - byzantine - 2;
        double[] scores = new double[n];
        for (int k = 0; k < n; k++) {
            double[] others = new double[n - 1];
            int j = 0;
            for (int o = 0; o < n; o++) {
                if (o != k) {
                    others[j++] = squared[k][o];
                }
            }
            Arrays.sort(others);
            for (int o = 0; o < neighbours; o++) {
                scores[k] += others[o];
            }
        }
        int keep = selected == 0 ? n - byzantine : Math.min(selected, n - byzantine);
        boolean[] chosen = new boolean[n];
        // Lowest score first; ties by input order, so the choice is deterministic.
        IntStream.range(0, n).boxed()
                .sorted(Comparator.<Integer>comparingDouble(k -> scores[k]).thenComparingInt(k -> k))
                .limit(keep).forEach(k -> chosen[k] = true);
        return chosen;
    }
}
