package io.asyn2f.core.aggregation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How much one update may weigh, whatever its worker reports. A worker chooses its sample count {@code n}, its loss
 * {@code L} and its parameters; ASYN2F weights {@code q*n/(L+eps)} and every strategy adds the parameters in, so an
 * unbounded report lets one participant take over the global model. Each bound has an absolute part, set by the
 * operator, and a relative part against the other updates of the same version: the <em>lower median</em> of the
 * version's updates (the middle one, the smaller of the two middle ones for an even count) is a value an honest
 * update gives as long as fewer than half of them are hostile, and with two updates it is the smaller one. A median
 * of zero gives no scale and no relative bound.
 *
 * @param maxSamples    absolute cap on a reported sample count
 * @param samplesFactor a sample count is capped at this many times the version's lower median (0: no relative cap)
 * @param lossFloor     absolute floor on a reported loss
 * @param lossFactor    a loss is floored at the version's lower median divided by this (0: no relative floor)
 * @param clipFactor    an update's distance from the current global model (its norm, for a delta) is clipped to this
 *                      many times the version's lower median distance (0: no relative clipping)
 * @param maxNorm       absolute bound on that distance (0: none); the only clipping that acts on a version made of a
 *                      single update (FedAsync)
 */
public record InfluenceBounds(long maxSamples, double samplesFactor, double lossFloor, double lossFactor,
        double clipFactor, double maxNorm) {

    /** Largest sample count anyone may report: a million workers at this count still sum within a long. */
    public static final long SAMPLES_LIMIT = 1_000_000_000_000L;

    public InfluenceBounds {
        if (maxSamples < 1 || maxSamples > SAMPLES_LIMIT) {
            throw new IllegalArgumentException("maxSamples must be in [1, " + SAMPLES_LIMIT + "], was " + maxSamples);
        }
        requireFactor("samplesFactor", samplesFactor);
        requireFactor("lossFactor", lossFactor);
        requireFactor("clipFactor", clipFactor);
        if (!(lossFloor >= 0) || !Double.isFinite(lossFloor)) {
            throw new IllegalArgumentException("lossFloor must be finite and >= 0, was " + lossFloor);
        }
        if (!(maxNorm >= 0) || !Double.isFinite(maxNorm)) {
            throw new IllegalArgumentException("maxNorm must be finite and >= 0 (0: none), was " + maxNorm);
        }
    }

    private static void requireFactor(String name, double value) {
        if (!(value == 0 || value >= 1) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be 0 (off) or >= 1, was " + value);
        }
    }

    /** The defaults of a session: sample counts within 2x and losses within 1/2 of the median, distances within 3x. */
    public static InfluenceBounds defaults() {
        return new InfluenceBounds(1_000_000_000L, 2, 1e-3, 2, 3, 0);
    }

    /** No bound beyond what keeps the arithmetic finite (for comparing an attack with and without defences). */
    public static InfluenceBounds none() {
        return new InfluenceBounds(SAMPLES_LIMIT, 0, 0, 0, 0, 0);
    }

    /** The absolute bounds alone: what a strategy may see of one update before the others are known. */
    public UpdateInfo bound(UpdateInfo info) {
        return withReports(info, Math.min(info.samples(), maxSamples), Math.max(info.loss(), lossFloor));
    }

    /** Absolute and relative bounds on the reports of the updates of one version. */
    public List<UpdateInfo> bound(List<UpdateInfo> infos) {
        List<UpdateInfo> absolute = infos.stream().map(this::bound).toList();
        double samplesCap = relative(samplesFactor, absolute.stream().mapToDouble(UpdateInfo::samples).toArray(),
                Double.POSITIVE_INFINITY);
        double lossMin = lossFactor == 0 ? 0 : lowerMedian(absolute.stream().mapToDouble(UpdateInfo::loss).toArray())
                / lossFactor;
        List<UpdateInfo> bounded = new ArrayList<>(absolute.size());
        for (UpdateInfo info : absolute) {
            long samples = info.samples() > samplesCap ? (long) samplesCap : info.samples();
            bounded.add(withReports(info, samples, Math.max(info.loss(), lossMin)));
        }
        return bounded;
    }

    /**
     * The distance bound for a version whose updates are {@code distances} away from the current global model:
     * the smaller of the absolute and the relative bound, infinite when neither applies.
     */
    public double distanceBound(double[] distances) {
        double bound = absoluteDistanceBound();
        if (distances.length > 1) {
            bound = Math.min(bound, relative(clipFactor, distances, Double.POSITIVE_INFINITY));
        }
        return bound;
    }

    /**
     * Whether the distance bound of a version of {@code updates} updates depends on their distances (relative
     * clipping), so they must be measured before the bound is known; otherwise it is {@link #absoluteDistanceBound}.
     */
    public boolean boundDependsOnDistances(int updates) {
        return clipFactor != 0 && updates > 1;
    }

    /** The distance bound that holds whatever the distances: {@code maxNorm}, or infinite when there is none. */
    public double absoluteDistanceBound() {
        return maxNorm == 0 ? Double.POSITIVE_INFINITY : maxNorm;
    }

    /** {@code factor} times the lower median, or {@code otherwise} when off or when the median gives no scale (0). */
    private static double relative(double factor, double[] values, double otherwise) {
        if (factor == 0) {
            return otherwise;
        }
        double median = lowerMedian(values);
        return median > 0 ? factor * median : otherwise;
    }

    /** The middle value, or the smaller of the two middle values. */
    static double lowerMedian(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2];
    }

    private static UpdateInfo withReports(UpdateInfo info, long samples, double loss) {
        if (samples == info.samples() && loss == info.loss()) {
            return info;
        }
        return new UpdateInfo(info.updateId(), info.workerId(), info.baseVersion(), samples, info.quality(), loss,
                info.sequence());
    }
}
