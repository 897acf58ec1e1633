package io.asyn2f.worker.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Examples for classification, framework-free: features row-major in one {@code float[]} (one row of
 * {@code featureCount} values per example) and an integer label per example. Immutable by convention; subsets copy.
 *
 * @param features     {@code size * featureCount} values, example {@code i} at {@code [i*featureCount, (i+1)*featureCount)}
 * @param labels       class of each example, in {@code [0, classes)}
 * @param featureCount values per example (784 for 28x28 images)
 * @param classes      number of classes
 */
public record LabeledDataset(float[] features, int[] labels, int featureCount, int classes) {

    public LabeledDataset {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (featureCount < 1 || classes < 1) {
            throw new IllegalArgumentException("featureCount and classes must be >= 1, were " + featureCount
                    + " and " + classes);
        }
        if ((long) labels.length * featureCount != features.length) {
            throw new IllegalArgumentException(labels.length + " labels need " + (long) labels.length * featureCount
                    + " feature values, got " + features.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i + " is outside 0.."
                        + (classes - 1));
            }
        }
    }

    public int size() {
        return labels.length;
    }

    /** The examples at {@code indices}, in that order. */
    public LabeledDataset subset(int[] indices) {
        float[] f = new float[Math.multiplyExact(indices.length, featureCount)];
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int from = indices[i];
            System.arraycopy(features, from * featureCount, f, i * featureCount, featureCount);
            l[i] = labels[from];
        }
        return new LabeledDataset(f, l, featureCount, classes);
    }

    /** The first {@code count} examples (all if there are fewer). */
    public LabeledDataset head(int count) {
        int n = Math.min(count, size());
        return new LabeledDataset(Arrays.copyOf(features, n * featureCount), Arrays.copyOf(labels, n), featureCount,
                classes);
    }

    /** How many examples each class has. */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    @Override
    public String toString() {
        return "LabeledDataset[" + size() + " examples, " + featureCount + " features, " + classes + " classes]";
    }
}
