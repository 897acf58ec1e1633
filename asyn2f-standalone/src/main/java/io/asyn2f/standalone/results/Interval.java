package io.asyn2f.standalone.results;

import java.util.List;

/**
 * The mean of a few measurements and its 95% confidence interval by Student's t with n - 1 degrees of freedom.
 *
 * @param n         how many measurements there were (NaN ones are left out)
 * @param mean      their mean (NaN when there were none)
 * @param halfWidth the interval is {@code mean ± halfWidth} (NaN when n < 2: one run gives no interval)
 */
public record Interval(int n, double mean, double halfWidth) {

    /**
     * Two-sided 95% quantiles of Student's t, t(0.975; df) for df = 1..30, rounded to three decimals (standard
     * tables); beyond 30 the values for 40, 60 and 120 degrees and then the normal 1.960.
     */
    private static final double[] T_975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042};

    /** t(0.975; df), the factor of the standard error in a 95% interval. */
    public static double t975(int degreesOfFreedom) {
        if (degreesOfFreedom < 1) {
            throw new IllegalArgumentException("degrees of freedom must be at least 1, was " + degreesOfFreedom);
        }
        if (degreesOfFreedom <= 30) {
            return T_975[degreesOfFreedom - 1];
        }
        if (degreesOfFreedom <= 40) {
            return 2.021;
        }
        if (degreesOfFreedom <= 60) {
            return 2.000;
        }
        if (degreesOfFreedom <= 120) {
            return 1.980;
        }
        return 1.960;
    }

    /** Mean and 95% interval of the values that are not NaN. */
    public static Interval of(List<Double> values) {
        double[] present = values.stream().filter(v -> v != null && !Double.isNaN(v)).mapToDouble(Double::doubleValue)
                .toArray();
        int n = present.length;
        if (n == 0) {
            return new Interval(0, Double.NaN, Double.NaN);
        }
        double sum = 0;
        for (double v : present) {
            sum += v;
        }
        double mean = sum / n;
        if (n == 1) {
            return new Interval(1, mean, Double.NaN);
        }
        double squares = 0;
        for (double v : present) {
            squares += (v - mean) * (v - mean);
        }
        double standardDeviation = Math.sqrt(squares / (n - 1));
        return new Interval(n, mean, t975(n - 1) * standardDeviation / Math.sqrt(n));
    }

    /** The same interval in other units: mean and half-width times {@code factor}. */
    public Interval scaled(double factor) {
        return new Interval(n, mean * factor, halfWidth * factor);
    }

    public double low() {
        return mean - halfWidth;
    }

    public double high() {
        return mean + halfWidth;
    }

    /** {@code 12.3 ± 1.4} with the given decimals, {@code 12.3} for one value, {@code -} for none. */
    public String format(int decimals) {
        if (n == 0) {
            return "-";
        }
        String pattern = "%." + decimals + "f";
        String text = String.format(java.util.Locale.ROOT, pattern, mean);
        return Double.isNaN(halfWidth) ? text
                : text + " ± " + String.format(java.util.Locale.ROOT, pattern, halfWidth);
    }
}
