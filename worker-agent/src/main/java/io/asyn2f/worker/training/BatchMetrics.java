package io.asyn2f.worker.training;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Cross-entropy and correct predictions of a batch of softmax outputs against one-hot labels. */
public record BatchMetrics(double lossSum, int correct, int examples) {

    private static final double EPSILON = 1e-7;

    public static BatchMetrics of(INDArray probabilities, INDArray oneHotLabels) {
        float[] p = probabilities.dup('c').data().asFloat();
        float[] y = oneHotLabels.dup('c').data().asFloat();
        int rows = (int) probabilities.rows();
        int classes = (int) probabilities.columns();
        double loss = 0;
        int correct = 0;
        for (int r = 0; r < rows; r++) {
            int base = r * classes;
            int predicted = 0;
            int actual = 0;
            for (int c = 1; c < classes; c++) {
                if (p[base + c] > p[base + predicted]) {
                    predicted = c;
                }
                if (y[base + c] > y[base + actual]) {
                    actual = c;
                }
            }
            loss -= Math.log(Math.max(p[base + actual], EPSILON));
            if (predicted == actual) {
                correct++;
            }
        }
        return new BatchMetrics(loss, correct, rows);
    }
}
