package io.asyn2f.core.aggregation;

/**
 * Coordinate-wise weighted trimmed mean (Yin et al. 2018, weighted by the strategy): at each coordinate the updates
 * are ordered by value, the lowest and the highest {@code beta} of the weight are cut away (an update straddling a cut
 * keeps the part inside) and the rest is averaged by weight. With {@code n} equal weights and {@code beta = k/n}
 * exactly {@code k} updates are dropped on each side. An update is cut out entirely at a coordinate where it is
 * extreme and its weight is at most {@code beta}: choose {@code beta} at least the largest weight share a hostile
 * participant may have (with three updates per version, 1/3 makes it the median).
 */
public final class TrimmedMean implements RobustRule {

    private final double beta;

    /** @param beta the weight trimmed from each end, in (0, 0.5) */
    public TrimmedMean(double beta) {
        if (!(beta > 0 && beta < 0.5)) {
            throw new IllegalArgumentException("the trim fraction must be in (0, 0.5), was " + beta);
        }
        this.beta = beta;
    }

    public double beta() {
        return beta;
    }

    @Override
    public String name() {
        return "trimmed-mean";
    }

    @Override
    public int minUpdates() {
        return CoordinateWiseMedian.MIN_UPDATES;
    }

    @Override
    public Combination combine(float[][] inputs, double[] weights) {
        return RobustRules.columnWise(inputs, weights, (values, w) -> trimmedMean(values, w, beta));
    }

    /** The weighted mean of the weight between {@code beta} and {@code 1 - beta} of sorted {@code values}. */
    static float trimmedMean(float[] values, double[] weights, double beta) {
        double low = beta;
        double high = 1 - beta;
        double before = 0;
        double sum = 0;
        double kept = 0;
        for (int j = 0; j < values.length; j++) {
            double after = before + weights[j];
            double inside = Math.min(after, high) - Math.max(before, low);
            if (inside > 0) {
                sum += inside * values[j];
                kept += inside;
            }
            before = after;
        }
        return kept > 0 ? (float) (sum / kept) : CoordinateWiseMedian.median(values, weights);
    }
}
