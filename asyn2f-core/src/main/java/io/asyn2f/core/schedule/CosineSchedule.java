package io.asyn2f.core.schedule;

/**
 * Cosine decay over versions: {@code lr(v) = max(0.5 * lr0 * (1 + cos(pi * (v-1) / T)), lrMin)}, and {@code lrMin}
 * once {@code v - 1 > T}. Versions 0 and 1 get {@code lr0}.
 */
public record CosineSchedule(double initial, double minimum, long periodVersions) implements LearningRateSchedule {

    /** The reference configuration: lr0 0.1, lrMin 0.005. */
    public static CosineSchedule reference(long periodVersions) {
        return new CosineSchedule(0.1, 0.005, periodVersions);
    }

    public CosineSchedule {
        if (!(initial > 0) || !(minimum > 0) || minimum > initial) {
            throw new IllegalArgumentException("need 0 < minimum <= initial, was initial=" + initial
                    + ", minimum=" + minimum);
        }
        if (periodVersions < 1) {
            throw new IllegalArgumentException("periodVersions must be >= 1, was " + periodVersions);
        }
    }

    @Override
    public double at(long version) {
        long step = Math.max(0, version - 1);
        if (step > periodVersions) {
            return minimum;
        }
        double cosine = 0.5 * initial * (1 + Math.cos(Math.PI * step / periodVersions));
        return Math.max(cosine, minimum);
    }
}
