package io.asyn2f.standalone.attack;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import io.asyn2f.api.random.StandardNormal;
import io.asyn2f.worker.data.LabeledDataset;

/**
 * What a hostile trainer of the attack experiment does ({@code ./asyn2f --malicious N --attack KIND}). Each kind is
 * a pure transformation of what an honest trainer would send: its model {@code W}, trained from the global model
 * {@code G} of its base version, its reported sample count and loss, or (label-flip) its training data. Models are
 * transformed in weight space; a FedBuff delta is turned into {@code G + delta} first and back afterwards.
 *
 * <ul>
 * <li>{@code loss-zero}: reports loss 0 (the largest ASYN2F weight) and sends an all-zero model;</li>
 * <li>{@code samples-inflation}: reports {@value #INFLATED_SAMPLES} samples and sends an all-zero model;</li>
 * <li>{@code sign-flip}: sends {@code G - (W - G)}, its honest step reversed;</li>
 * <li>{@code scale}: sends {@code G + }{@value #SCALE_FACTOR}{@code  (W - G)}, its honest step boosted;</li>
 * <li>{@code noise}: sends {@code W + }{@value #NOISE_SIGMA}{@code  N(0, 1)} per coordinate;</li>
 * <li>{@code label-flip}: trains honestly on data whose labels are mapped {@code y -> classes - 1 - y}.</li>
 * </ul>
 *
 * The zero model of the two weight attacks is the payload the security review measured: with its weight taken over,
 * the global model falls to chance accuracy.
 */
public enum AttackKind {
    LOSS_ZERO, SAMPLES_INFLATION, SIGN_FLIP, SCALE, LABEL_FLIP, NOISE;

    /** The sample count {@code samples-inflation} reports: about 80,000 times an honest trainer's 12,000. */
    public static final long INFLATED_SAMPLES = 1_000_000_000L;
    /** The factor of {@code scale}. */
    public static final double SCALE_FACTOR = 10;
    /** The standard deviation of {@code noise}: large next to the MLP's weights (about 0.05). */
    public static final double NOISE_SIGMA = 0.1;

    /** The command-line name, e.g. {@code sign-flip}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The kind named {@code label}, or an {@link IllegalArgumentException} that lists the kinds. */
    public static AttackKind parse(String label) {
        for (AttackKind kind : values()) {
            if (kind.label().equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown attack '" + label + "'; expected one of " + labels());
    }

    public static String labels() {
        return String.join(", ", Arrays.stream(values()).map(AttackKind::label).toList());
    }

    /** Whether this kind changes the parameters a trainer sends (and so needs the global model they start from). */
    public boolean changesParameters() {
        return this != LABEL_FLIP;
    }

    /**
     * The model a hostile trainer sends instead of {@code local}.
     *
     * @param global the global model {@code local} was trained from
     * @param random the source of {@code noise}
     */
    public float[] model(float[] global, float[] local, SplittableRandom random) {
        if (global.length != local.length) {
            throw new IllegalArgumentException("the global model has " + global.length + " parameters, the local one "
                    + local.length);
        }
        float[] out = new float[local.length];
        switch (this) {
            case LOSS_ZERO, SAMPLES_INFLATION -> { } // all zero
            case SIGN_FLIP -> step(global, local, -1, out);
            case SCALE -> step(global, local, SCALE_FACTOR, out);
            case NOISE -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) (local[i] + NOISE_SIGMA * StandardNormal.sample(random));
                }
            }
            case LABEL_FLIP -> System.arraycopy(local, 0, out, 0, local.length);
            default -> throw new IllegalStateException(name());
        }
        return out;
    }

    private static void step(float[] global, float[] local, double factor, float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (global[i] + factor * ((double) local[i] - global[i]));
        }
    }

    /** The sample count reported instead of {@code samples}. */
    public long samples(long samples) {
        return this == SAMPLES_INFLATION ? INFLATED_SAMPLES : samples;
    }

    /** The loss reported instead of {@code loss}. */
    public double loss(double loss) {
        return this == LOSS_ZERO ? 0 : loss;
    }

    /** The training data of a hostile trainer: label-flip maps every label {@code y} to {@code classes - 1 - y}. */
    public LabeledDataset data(LabeledDataset examples) {
        if (this != LABEL_FLIP) {
            return examples;
        }
        int[] labels = examples.labels().clone();
        for (int i = 0; i < labels.length; i++) {
            labels[i] = examples.classes() - 1 - labels[i];
        }
        return new LabeledDataset(examples.features(), labels, examples.featureCount(), examples.classes());
    }
}
