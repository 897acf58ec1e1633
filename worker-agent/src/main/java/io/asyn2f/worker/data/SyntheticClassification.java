package io.asyn2f.worker.data;

import java.util.SplittableRandom;

import io.asyn2f.api.random.StandardNormal;

/**
 * Seeded Gaussian clusters, one per class: class centres drawn from N(0, separation^2) per feature, examples from
 * N(centre, 1). With separation 2-3 and a few dozen features the classes are separable enough for a small network
 * to reach high accuracy in a few epochs; used by tests and demos that must not depend on files.
 */
public final class SyntheticClassification {

    private SyntheticClassification() {
    }

    public static LabeledDataset generate(int examples, int features, int classes, double separation, long seed) {
        if (examples < 0 || features < 1 || classes < 1) {
            throw new IllegalArgumentException("need examples >= 0, features >= 1, classes >= 1");
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[][] centres = new double[classes][features];
        for (double[] centre : centres) {
            for (int f = 0; f < features; f++) {
                centre[f] = StandardNormal.sample(random) * separation;
            }
        }
        float[] values = new float[Math.multiplyExact(examples, features)];
        int[] labels = new int[examples];
        for (int i = 0; i < examples; i++) {
            int label = i % classes; // balanced classes, interleaved
            labels[i] = label;
            for (int f = 0; f < features; f++) {
                values[i * features + f] = (float) (centres[label][f] + StandardNormal.sample(random));
            }
        }
        return new LabeledDataset(values, labels, features, classes);
    }
}
