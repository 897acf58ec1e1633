package io.asyn2f.core.merge;

import java.util.Objects;

/**
 * The ASYN2F worker-side aggregation. Coordinate by coordinate, with {@code eLocal = W_cur - W_prev} and
 * {@code eGlobal = W_g - W_cur}: where both point the same way the worker jumps to the global value, otherwise it
 * keeps a share {@code alpha} of its own:
 *
 * <pre>
 * W[i] = W_g[i]                                   if eLocal[i] * eGlobal[i] > 0
 * W[i] = (1 - alpha) * W_g[i] + alpha * W_cur[i]   otherwise
 * </pre>
 *
 * {@code alpha} mixes a size term {@code q*n / (q*n + avgQuality*totalSamples)} and a loss term
 * {@code avgLoss / (L_local + avgLoss)}; see {@link AlphaForm} for which term {@code beta} weighs.
 */
public final class Asyn2fMerge implements WorkerMerge {

    /** The reference configurations' beta. */
    public static final double DEFAULT_BETA = 0.6;

    /** Which term of alpha {@code beta} weighs. */
    public enum AlphaForm {
        /**
         * {@code alpha = (1-beta)*size + beta*loss}: the form in the paper's method section and DESIGN.md. Default.
         */
        BETA_ON_LOSS,
        /** {@code alpha = beta*size + (1-beta)*loss}: the form of the paper's appendix. */
        BETA_ON_SIZE
    }

    private final double beta;
    private final AlphaForm form;

    public Asyn2fMerge(double beta, AlphaForm form) {
        if (!(beta >= 0 && beta <= 1)) {
            throw new IllegalArgumentException("beta must be in [0, 1], was " + beta);
        }
        this.beta = beta;
        this.form = Objects.requireNonNull(form, "form");
    }

    /** beta 0.6 with beta on the loss term. */
    public static Asyn2fMerge withDefaults() {
        return new Asyn2fMerge(DEFAULT_BETA, AlphaForm.BETA_ON_LOSS);
    }

    public double beta() {
        return beta;
    }

    public AlphaForm form() {
        return form;
    }

    @Override
    public String name() {
        return "asyn2f";
    }

    /**
     * The share of its own weights a worker keeps where local and global disagree in direction. A term whose
     * denominator is zero (no samples or no loss on both sides) counts as 0.5: neither side is favoured.
     */
    public double alpha(GlobalSnapshot global, LocalState local) {
        double own = local.quality() * local.samples();
        double sizeDenominator = own + global.avgQuality() * global.totalSamples();
        double size = sizeDenominator > 0 ? own / sizeDenominator : 0.5;
        double lossDenominator = local.loss() + global.avgLoss();
        double loss = lossDenominator > 0 ? global.avgLoss() / lossDenominator : 0.5;
        double alpha = form == AlphaForm.BETA_ON_LOSS
                ? (1 - beta) * size + beta * loss
                : beta * size + (1 - beta) * loss;
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha is " + alpha + " for " + global + " and " + local);
        }
        return Math.min(1, Math.max(0, alpha));
    }

    @Override
    public void mergeInto(float[] previous, float[] current, GlobalSnapshot global, LocalState local, float[] out) {
        float[] g = global.parameters();
        WorkerMerge.checkLengths(previous, current, g, out);
        float a = (float) alpha(global, local);
        for (int i = 0; i < out.length; i++) {
            float cur = current[i];
            float glob = g[i];
            float direction = (cur - previous[i]) * (glob - cur);
            // (1-a)*g + a*cur is written as g + a*(cur-g), so identical models give exactly g with no rounding.
            // The branch "direction > 0 ? g : mix" is replaced by a bit mask: the branch is unpredictable on real
            // weights and cost 5x in the JMH benchmark; the mask lets the JIT vectorise the loop.
            out[i] = glob + Float.intBitsToFloat(Float.floatToRawIntBits(a * (cur - glob)) & ~positiveMask(direction));
        }
    }

    /** All ones if {@code x > 0} (not -0.0, NaN excluded by the blob format), else zero. */
    private static int positiveMask(float x) {
        int bits = Float.floatToRawIntBits(x);
        // bits > 0 exactly for positive non-zero floats; (-bits & ~bits) has the sign bit set only then.
        return (-bits & ~bits) >> 31;
    }
}
