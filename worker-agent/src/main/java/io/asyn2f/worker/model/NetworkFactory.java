package io.asyn2f.worker.model;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import io.asyn2f.api.catalogue.ModelArchitecture;

/**
 * Builds the DL4J network of a catalogue architecture, with the reference training setup: SGD with Nesterov
 * momentum 0.9 and L2 5e-4 on the weights. The learning rate is only the starting value: the worker adopts the
 * server's after every merge ({@link NetworkParameters#setLearningRate}).
 *
 * <p>The layer order is the catalogue's, so the flat {@code params()} vector has the catalogue's layout (checked by
 * {@link ParameterLayout}): MLP {@code 0_W 0_b 1_W 1_b ...}; CNN {@code 0_b 0_W} (conv), pooling layer 1 (no
 * parameters), {@code 2_b 2_W} (conv), pooling layer 3, {@code 4_W 4_b} (dense), {@code 5_W 5_b} (output).
 */
public final class NetworkFactory {

    /** Nesterov momentum of the reference configuration. */
    public static final double MOMENTUM = 0.9;
    /** L2 regularisation of the reference configuration. */
    public static final double L2 = 5e-4;

    private static final int KERNEL = 5;
    private static final int POOL = 2;

    private NetworkFactory() {
    }

    /** An initialised network; its parameters come from DL4J's seeded initialisation. */
    public static MultiLayerNetwork build(ModelArchitecture architecture, double learningRate, long seed) {
        MultiLayerNetwork network = new MultiLayerNetwork(configuration(architecture, learningRate, seed));
        network.init();
        return network;
    }

    /**
     * An initialised network whose parameters are the catalogue's version 0 for {@code seed}, the same vector the
     * aggregator starts the session from.
     */
    public static MultiLayerNetwork buildWithCatalogueInit(ModelArchitecture architecture, double learningRate,
            long seed) {
        MultiLayerNetwork network = build(architecture, learningRate, seed);
        NetworkParameters.set(network, architecture.initialParameters(seed));
        return network;
    }

    static MultiLayerConfiguration configuration(ModelArchitecture architecture, double learningRate, long seed) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Nesterovs(learningRate, MOMENTUM))
                .l2(L2)
                .weightInit(WeightInit.XAVIER)
                .list();
        switch (architecture.family()) {
            case "mlp" -> mlp(list, widths(architecture.descriptor()));
            case "cnn" -> cnn(list, architecture);
            default -> throw new IllegalArgumentException("no DL4J builder for " + architecture.descriptor());
        }
        return list.build();
    }

    private static void mlp(NeuralNetConfiguration.ListBuilder list, int[] widths) {
        int last = widths.length - 2;
        for (int layer = 0; layer < last; layer++) {
            list.layer(layer, new DenseLayer.Builder().nIn(widths[layer]).nOut(widths[layer + 1])
                    .activation(Activation.RELU).build());
        }
        list.layer(last, output(widths[last], widths[last + 1]));
        list.setInputType(InputType.feedForward(widths[0]));
    }

    /** {@code cnn:<h>x<w>x<c>-<conv1>-<conv2>-<dense>-<classes>}. */
    private static void cnn(NeuralNetConfiguration.ListBuilder list, ModelArchitecture architecture) {
        String spec = architecture.descriptor().substring("cnn:".length());
        String[] parts = spec.split("-");
        int[] hwc = Arrays.stream(parts[0].split("x")).mapToInt(Integer::parseInt).toArray();
        int conv1 = Integer.parseInt(parts[1]);
        int conv2 = Integer.parseInt(parts[2]);
        int dense = Integer.parseInt(parts[3]);
        int classes = Integer.parseInt(parts[4]);
        list.layer(0, convolution(hwc[2], conv1))
                .layer(1, pooling())
                .layer(2, convolution(conv1, conv2))
                .layer(3, pooling())
                .layer(4, new DenseLayer.Builder().nOut(dense).activation(Activation.RELU).build())
                .layer(5, output(dense, classes));
        // Flat rows of h*w*c values, as the data readers produce them; DL4J adds the reshaping preprocessors.
        list.setInputType(InputType.convolutionalFlat(hwc[0], hwc[1], hwc[2]));
    }

    private static ConvolutionLayer convolution(int in, int out) {
        return new ConvolutionLayer.Builder(KERNEL, KERNEL).nIn(in).nOut(out).stride(1, 1)
                .convolutionMode(ConvolutionMode.Truncate).activation(Activation.RELU).build();
    }

    private static SubsamplingLayer pooling() {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(POOL, POOL)
                .stride(POOL, POOL).build();
    }

    private static OutputLayer output(int in, int classes) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(in).nOut(classes)
                .activation(Activation.SOFTMAX).build();
    }

    private static int[] widths(String descriptor) {
        return Arrays.stream(descriptor.substring("mlp:".length()).split("-")).mapToInt(Integer::parseInt).toArray();
    }
}
