package io.asyn2f.core.aggregation;

/**
 * FedAsync's staleness functions s(t) (Xie et al. 2019), with t = versions since the update's base (0 = fresh).
 * Each is 1 at t = 0 and never increases with t.
 */
public sealed interface StalenessFunction {

    double weight(long staleness);

    String name();

    /** s(t) = 1. */
    record Constant() implements StalenessFunction {
        @Override
        public double weight(long staleness) {
            return 1;
        }

        @Override
        public String name() {
            return "constant";
        }
    }

    /** s(t) = (t + 1)^-exponent. */
    record Polynomial(double exponent) implements StalenessFunction {
        public Polynomial {
            if (!(exponent >= 0)) {
                throw new IllegalArgumentException("exponent must be >= 0, was " + exponent);
            }
        }

        @Override
        public double weight(long staleness) {
            return Math.pow(staleness + 1, -exponent);
        }

        @Override
        public String name() {
            return "polynomial";
        }
    }

    /** s(t) = 1 if t <= b, else 1 / (a (t - b) + 1). */
    record Hinge(double a, long b) implements StalenessFunction {
        public Hinge {
            if (!(a >= 0) || b < 0) {
                throw new IllegalArgumentException("hinge needs a >= 0 and b >= 0, was a=" + a + ", b=" + b);
            }
        }

        @Override
        public double weight(long staleness) {
            return staleness <= b ? 1 : 1 / (a * (staleness - b) + 1);
        }

        @Override
        public String name() {
            return "hinge";
        }
    }
}
