package io.asyn2f.worker.tester;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import io.asyn2f.api.catalogue.ModelArchitecture;
import io.asyn2f.worker.data.LabeledDataset;
import io.asyn2f.worker.model.NetworkFactory;
import io.asyn2f.worker.model.NetworkParameters;
import io.asyn2f.worker.model.ParameterLayout;
import io.asyn2f.worker.training.BatchMetrics;

/**
 * The tester role: evaluates a parameter vector (a global version) on a held-out test set. Keeps one network and
 * loads each vector into it. The loss is the plain mean cross-entropy, without the L2 term.
 */
public final class ModelEvaluator {

    private static final int BATCH = 1000;

    private final ModelArchitecture architecture;
    private final MultiLayerNetwork network;
    private final LabeledDataset testSet;

    public ModelEvaluator(ModelArchitecture architecture, LabeledDataset testSet) {
        if (testSet.size() == 0) {
            throw new IllegalArgumentException("empty test set");
        }
        if (testSet.featureCount() != architecture.inputs() || testSet.classes() != architecture.classes()) {
            throw new IllegalArgumentException("test set has " + testSet.featureCount() + " features and "
                    + testSet.classes() + " classes; " + architecture.descriptor() + " expects "
                    + architecture.inputs() + " and " + architecture.classes());
        }
        this.architecture = architecture;
        this.testSet = testSet;
        this.network = NetworkFactory.build(architecture, 0.1, 0);
        ParameterLayout.requireMatch(network, architecture);
    }

    public synchronized Evaluation evaluate(float[] parameters) {
        if (parameters.length != architecture.parameterCount()) {
            throw new IllegalArgumentException("got " + parameters.length + " parameters, " + architecture
                    + " has " + architecture.parameterCount());
        }
        NetworkParameters.set(network, parameters);
        int width = testSet.featureCount();
        int classes = testSet.classes();
        double lossSum = 0;
        long correct = 0;
        for (int from = 0; from < testSet.size(); from += BATCH) {
            int count = Math.min(BATCH, testSet.size() - from);
            float[] x = new float[count * width];
            System.arraycopy(testSet.features(), from * width, x, 0, count * width);
            float[] y = new float[count * classes];
            for (int i = 0; i < count; i++) {
                y[i * classes + testSet.labels()[from + i]] = 1f;
            }
            INDArray output = network.output(Nd4j.create(x, new long[] {count, width}, 'c'), false);
            BatchMetrics metrics = BatchMetrics.of(output, Nd4j.create(y, new long[] {count, classes}, 'c'));
            lossSum += metrics.lossSum();
            correct += metrics.correct();
        }
        return new Evaluation((double) correct / testSet.size(), lossSum / testSet.size(), testSet.size());
    }
}
