package io.asyn2f.worker.training;

/**
 * Where a trainer stands, readable from any thread.
 *
 * @param epoch         epochs completed
 * @param steps         mini-batch steps done
 * @param baseVersion   global version last merged (or adopted at start); -1 before any
 * @param learningRate  current learning rate
 * @param epochLoss     training loss of the last completed epoch (NaN before the first)
 * @param epochAccuracy training accuracy of the last completed epoch (NaN before the first)
 * @param merges        global models merged
 * @param updatesSent   updates handed to the sink
 * @param samplesPerSecond throughput of the last epoch, pacing included
 */
public record TrainingProgress(
        int epoch,
        long steps,
        long baseVersion,
        double learningRate,
        double epochLoss,
        double epochAccuracy,
        long merges,
        long updatesSent,
        double samplesPerSecond) {
}
