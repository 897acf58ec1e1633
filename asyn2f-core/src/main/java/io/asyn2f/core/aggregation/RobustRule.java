package io.asyn2f.core.aggregation;

/**
 * A robust replacement for the weighted mean inside a strategy. Every strategy builds a version as
 * {@code (1 - S) G + S * sum_k (w_k / S) W_k} for models ({@code G + S * sum_k (w_k / S) D_k} for deltas), with
 * {@code w_k} its own weights (staleness, quality, samples) and {@code S = sum w_k}; {@link BoundedStrategy} keeps that
 * form and replaces the inner weighted mean by {@link #combine}, so a robust rule composes with every strategy's
 * weighting: the median and the trimmed mean are weighted by {@code w_k / S}, multi-Krum chooses which updates enter
 * the strategy's own weighted mean.
 *
 * <p>A version built from fewer than {@link #minUpdates} updates is the strategy's plain weighted mean of the clipped
 * updates: a robust statistic of one or two values cannot tell the hostile one from the honest ones, and the current
 * global model is not used as a stand-in participant (it would pull every clean ASYN2F version back to the previous
 * one, and KAFL, FedAsync and FedBuff mix it in already). The influence bounds still hold for those versions.
 * Implementations are pure and thread-safe.
 */
public interface RobustRule {

    /** Its name in session configuration: {@code none}, {@code median}, {@code trimmed-mean}, {@code multi-krum}. */
    String name();

    /** The fewest updates the rule acts on; a version with fewer is the strategy's weighted mean. */
    int minUpdates();

    /**
     * Combines {@code inputs} (at least {@link #minUpdates} of them, all of one length).
     *
     * @param weights one per input, non-negative, summing to one
     */
    Combination combine(float[][] inputs, double[] weights);

    /**
     * A robust combination and the weights the inputs finally carry (for the version's participants list).
     *
     * @param weights summing to one; multi-Krum gives 0 to the updates it leaves out
     */
    record Combination(float[] parameters, double[] weights) {
    }

    /** The strategy's weighted mean, unchanged. */
    static RobustRule none() {
        return NoRobustRule.INSTANCE;
    }

    /** Whether this is {@link #none()}. */
    default boolean isNone() {
        return this == NoRobustRule.INSTANCE;
    }
}
