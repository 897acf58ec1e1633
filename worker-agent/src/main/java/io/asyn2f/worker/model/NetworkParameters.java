package io.asyn2f.worker.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The flat parameter vector of a network as a {@code float[]} in DL4J's {@code params()} order, which is the
 * catalogue's layout (see {@link ParameterLayout}). Copies in both directions; under 1 ms for the catalogue's
 * small models.
 */
public final class NetworkParameters {

    private NetworkParameters() {
    }

    /** A copy of the network's parameters. */
    public static float[] get(MultiLayerNetwork network) {
        return network.params().toFloatVector();
    }

    /** Overwrites the network's parameters (the updater's momentum state is kept). */
    public static void set(MultiLayerNetwork network, float[] parameters) {
        INDArray target = network.params();
        if (target.length() != parameters.length) {
            throw new IllegalArgumentException("the network has " + target.length() + " parameters, got "
                    + parameters.length);
        }
        target.assign(Nd4j.createFromArray(parameters).reshape(target.shape()));
    }

    /** Sets the learning rate of every layer, keeping the updater's state (momentum). */
    public static void setLearningRate(MultiLayerNetwork network, double learningRate) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be > 0, was " + learningRate);
        }
        network.setLearningRate(learningRate);
    }

    /** The learning rate of the first layer with parameters. */
    public static double learningRate(MultiLayerNetwork network) {
        for (int layer = 0; layer < network.getnLayers(); layer++) {
            if (network.getLayer(layer).numParams() > 0) {
                return network.getLearningRate(layer);
            }
        }
        throw new IllegalStateException("network has no layer with parameters");
    }
}
