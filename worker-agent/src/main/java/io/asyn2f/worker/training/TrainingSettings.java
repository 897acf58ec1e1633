package io.asyn2f.worker.training;

/**
 * How a trainer trains and when it sends.
 *
 * @param batchSize           examples per mini-batch (reference: 128; 64 for the small models here)
 * @param learningRate        starting learning rate, replaced by the server's after each merge
 * @param exchangeEveryEpochs send an update every this many epochs (reference: 5)
 * @param qualifiedAccuracy   start sending once the epoch's training accuracy reaches this ...
 * @param qualifiedEpochs     ... or once this many epochs are done, whichever comes first
 * @param maxEpochs           stop after this many epochs; 0 = until stopped
 * @param slowdownFactor      1 = full speed; 4 = each batch takes four times as long (emulates a slower device)
 * @param quality             the worker's data-quality score in [0, 1]
 * @param sendDeltas          send {@code local - base} instead of the local model (FedBuff)
 * @param shuffleSeed         seed of the per-epoch batch order
 */
public record TrainingSettings(
        int batchSize,
        double learningRate,
        int exchangeEveryEpochs,
        double qualifiedAccuracy,
        int qualifiedEpochs,
        int maxEpochs,
        double slowdownFactor,
        double quality,
        boolean sendDeltas,
        long shuffleSeed) {

    public TrainingSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be > 0, was " + learningRate);
        }
        if (exchangeEveryEpochs < 1) {
            throw new IllegalArgumentException("exchangeEveryEpochs must be >= 1, was " + exchangeEveryEpochs);
        }
        if (qualifiedEpochs < 0 || maxEpochs < 0) {
            throw new IllegalArgumentException("epoch counts must be >= 0");
        }
        if (!(slowdownFactor >= 1) || !Double.isFinite(slowdownFactor)) {
            throw new IllegalArgumentException("slowdownFactor must be >= 1, was " + slowdownFactor);
        }
        if (!(quality >= 0 && quality <= 1)) {
            throw new IllegalArgumentException("quality must be in [0, 1], was " + quality);
        }
    }

    /** Batch 64, lr 0.1, send every epoch from the first, until stopped, full speed, quality 1, models not deltas. */
    public static TrainingSettings defaults() {
        return new TrainingSettings(64, 0.1, 1, 0.0, 0, 0, 1.0, 1.0, false, 1L);
    }

    public TrainingSettings withBatchSize(int value) {
        return new TrainingSettings(value, learningRate, exchangeEveryEpochs, qualifiedAccuracy, qualifiedEpochs,
                maxEpochs, slowdownFactor, quality, sendDeltas, shuffleSeed);
    }

    public TrainingSettings withLearningRate(double value) {
        return new TrainingSettings(batchSize, value, exchangeEveryEpochs, qualifiedAccuracy, qualifiedEpochs,
                maxEpochs, slowdownFactor, quality, sendDeltas, shuffleSeed);
    }

    public TrainingSettings withExchange(int everyEpochs, double accuracy, int epochs) {
        return new TrainingSettings(batchSize, learningRate, everyEpochs, accuracy, epochs, maxEpochs,
                slowdownFactor, quality, sendDeltas, shuffleSeed);
    }

    public TrainingSettings withMaxEpochs(int value) {
        return new TrainingSettings(batchSize, learningRate, exchangeEveryEpochs, qualifiedAccuracy, qualifiedEpochs,
                value, slowdownFactor, quality, sendDeltas, shuffleSeed);
    }

    public TrainingSettings withSlowdown(double factor) {
        return new TrainingSettings(batchSize, learningRate, exchangeEveryEpochs, qualifiedAccuracy, qualifiedEpochs,
                maxEpochs, factor, quality, sendDeltas, shuffleSeed);
    }

    public TrainingSettings withQuality(double value) {
        return new TrainingSettings(batchSize, learningRate, exchangeEveryEpochs, qualifiedAccuracy, qualifiedEpochs,
                maxEpochs, slowdownFactor, value, sendDeltas, shuffleSeed);
    }

    public TrainingSettings withDeltas(boolean value) {
        return new TrainingSettings(batchSize, learningRate, exchangeEveryEpochs, qualifiedAccuracy, qualifiedEpochs,
                maxEpochs, slowdownFactor, quality, value, shuffleSeed);
    }

    public TrainingSettings withShuffleSeed(long value) {
        return new TrainingSettings(batchSize, learningRate, exchangeEveryEpochs, qualifiedAccuracy, qualifiedEpochs,
                maxEpochs, slowdownFactor, quality, sendDeltas, value);
    }
}
