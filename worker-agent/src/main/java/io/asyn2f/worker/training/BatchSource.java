package io.asyn2f.worker.training;

import java.util.SplittableRandom;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import io.asyn2f.worker.data.LabeledDataset;

/**
 * Mini-batches of a dataset for DL4J: every epoch a fresh seeded permutation (the same seed and epoch give the same
 * batches, which makes training reproducible), the last batch of an epoch possibly smaller. Labels one-hot.
 */
public final class BatchSource {

    private final LabeledDataset data;
    private final int batchSize;
    private final long seed;
    private final float[] featureBuffer;
    private int[] order;
    private int orderEpoch = -1;

    public BatchSource(LabeledDataset data, int batchSize, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, was " + batchSize);
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException("no training examples");
        }
        this.data = data;
        this.batchSize = batchSize;
        this.seed = seed;
        this.featureBuffer = new float[batchSize * data.featureCount()];
    }

    public int batchesPerEpoch() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    public int examples() {
        return data.size();
    }

    /** Batch {@code batch} (0-based) of epoch {@code epoch} (0-based). */
    public DataSet batch(int epoch, int batch) {
        if (epoch != orderEpoch) {
            order = permutation(data.size(), new SplittableRandom(seed * 1_000_003L + epoch));
            orderEpoch = epoch;
        }
        int from = batch * batchSize;
        int count = Math.min(batchSize, data.size() - from);
        if (count <= 0) {
            throw new IllegalArgumentException("epoch has " + batchesPerEpoch() + " batches, asked for " + batch);
        }
        int width = data.featureCount();
        float[] features = count == batchSize ? featureBuffer : new float[count * width];
        float[] labels = new float[count * data.classes()];
        for (int i = 0; i < count; i++) {
            int example = order[from + i];
            System.arraycopy(data.features(), example * width, features, i * width, width);
            labels[i * data.classes() + data.labels()[example]] = 1f;
        }
        INDArray x = Nd4j.create(features, new long[] {count, width}, 'c');
        INDArray y = Nd4j.create(labels, new long[] {count, data.classes()}, 'c');
        return new DataSet(x, y);
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }
}
