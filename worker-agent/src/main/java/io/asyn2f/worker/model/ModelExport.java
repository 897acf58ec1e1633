package io.asyn2f.worker.model;

import java.io.IOException;
import java.nio.file.Path;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import io.asyn2f.api.catalogue.ModelArchitecture;

/**
 * A parameter vector (a global version) as a DL4J model file: the catalogue architecture's network, exactly as the
 * workers train and the tester evaluates it ({@link NetworkFactory}), with these parameters, written by
 * {@link ModelSerializer}. {@code MultiLayerNetwork.load(file, false)} reads it back; it expects the rows the workers'
 * data readers produce (IDX images: pixels / 255, flattened row by row).
 */
public final class ModelExport {

    private ModelExport() {
    }

    /**
     * The network of {@code architecture} holding {@code parameters}; its updater starts from {@code learningRate}
     * (SGD with Nesterov momentum, as in training), with no momentum state.
     */
    public static MultiLayerNetwork network(ModelArchitecture architecture, float[] parameters, double learningRate) {
        if (parameters.length != architecture.parameterCount()) {
            throw new IllegalArgumentException(architecture.descriptor() + " has " + architecture.parameterCount()
                    + " parameters, got " + parameters.length);
        }
        MultiLayerNetwork network = NetworkFactory.build(architecture, learningRate, 0);
        ParameterLayout.requireMatch(network, architecture);
        NetworkParameters.set(network, parameters);
        return network;
    }

    /** Writes the network as a ModelSerializer zip (without updater state: there is none worth keeping). */
    public static void writeDl4j(ModelArchitecture architecture, float[] parameters, double learningRate, Path file)
            throws IOException {
        ModelSerializer.writeModel(network(architecture, parameters, learningRate), file.toFile(), false);
    }
}
