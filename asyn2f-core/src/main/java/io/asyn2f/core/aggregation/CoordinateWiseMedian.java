package io.asyn2f.core.aggregation;

/**
 * Coordinate-wise weighted median (Yin et al. 2018, weighted by the strategy): each coordinate of the version is the
 * value at which the updates' cumulative weight, in the order of their values at that coordinate, reaches one half;
 * at exactly one half, the midpoint of that value and the next. With equal weights that is the ordinary median (the
 * mean of the two middle values for an even count). A hostile update moves a coordinate only as far as the honest
 * values around the middle reach, as long as it holds less than half of the weight.
 */
public final class CoordinateWiseMedian implements RobustRule {

    /** Below three updates a median is an average of two or the one update itself. */
    public static final int MIN_UPDATES = 3;

    /** Cumulative weights this close to one half count as one half (rounding of normalised weights). */
    private static final double HALF_TOLERANCE = 1e-12;

    @Override
    public String name() {
        return "median";
    }

    @Override
    public int minUpdates() {
        return MIN_UPDATES;
    }

    @Override
    public Combination combine(float[][] inputs, double[] weights) {
        return RobustRules.columnWise(inputs, weights, CoordinateWiseMedian::median);
    }

    /** The weighted median of {@code values} sorted ascending with their {@code weights}. */
    static float median(float[] values, double[] weights) {
        double cumulative = 0;
        for (int j = 0; j < values.length; j++) {
            cumulative += weights[j];
            if (Math.abs(cumulative - 0.5) <= HALF_TOLERANCE && j + 1 < values.length) {
                return (float) (((double) values[j] + values[j + 1]) / 2);
            }
            if (cumulative > 0.5) {
                return values[j];
            }
        }
        return values[values.length - 1];
    }
}
