package io.asyn2f.worker.tester;

/** A model's accuracy and mean cross-entropy on a test set. */
public record Evaluation(double accuracy, double loss, long samples) {
}
