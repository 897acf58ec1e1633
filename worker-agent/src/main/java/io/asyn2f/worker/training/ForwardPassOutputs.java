package io.asyn2f.worker.training;

import java.util.List;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The network's outputs from the forward pass that {@code fit} makes anyway, so training metrics need no second pass.
 * DL4J hands listeners the activations up to the output layer's input (it computes the output layer inside the
 * loss); the output layer (dense, as every catalogue network ends) is applied here to that input with the weights
 * before the step: one product of batch x hidden x classes, not a pass through the whole network.
 */
final class ForwardPassOutputs extends BaseTrainingListener {

    private INDArray outputs;

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        MultiLayerNetwork network = (MultiLayerNetwork) model;
        INDArray last = activations.get(activations.size() - 1);
        // The activations live in fit's workspaces; what is kept must not.
        try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (activations.size() > network.getnLayers()) {
                outputs = last.dup(); // the output layer's own activations
                return;
            }
            org.deeplearning4j.nn.api.Layer output = network.getOutputLayer();
            INDArray input = last.dup();
            InputPreProcessor preProcessor = network.getLayerWiseConfigurations()
                    .getInputPreProcess(network.getnLayers() - 1);
            if (preProcessor != null) {
                input = preProcessor.preProcess(input, (int) input.size(0), LayerWorkspaceMgr.noWorkspaces());
            }
            INDArray preOutput = input.castTo(output.getParam("W").dataType()).mmul(output.getParam("W"))
                    .addiRowVector(output.getParam("b"));
            outputs = ((BaseLayer) output.conf().getLayer()).getActivationFn().getActivation(preOutput, true);
        }
    }

    /** The outputs of the last forward pass, and forgets them; null if none happened since. */
    INDArray take() {
        INDArray taken = outputs;
        outputs = null;
        return taken;
    }
}
