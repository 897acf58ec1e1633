package io.asyn2f.worker.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import io.asyn2f.api.catalogue.ModelArchitecture;
import io.asyn2f.api.catalogue.ModelCatalogue;
import io.asyn2f.api.catalogue.ParameterSegment;

class NetworkFactoryTests {

    @ParameterizedTest
    @ValueSource(strings = {ModelCatalogue.MLP_DEFAULT, "mlp:20-16-8-3", ModelCatalogue.CNN_SMALL, "cnn:16x16x2-3-4-8-5"})
    void shouldLayOutParametersExactlyAsTheCatalogue(String descriptor) {
        ModelArchitecture architecture = ModelCatalogue.resolve(descriptor);
        MultiLayerNetwork network = NetworkFactory.build(architecture, 0.05, 1);

        assertThat(network.numParams()).isEqualTo(architecture.parameterCount());
        assertThat(ParameterLayout.describe(network)).containsExactlyElementsOf(ParameterLayout.describe(architecture));
        assertThat(ParameterLayout.mismatches(network, architecture)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp:20-16-8-3", "cnn:16x16x2-3-4-8-5"})
    void shouldPlaceEachSegmentAtTheCatalogueOffsetOfTheFlatVector(String descriptor) {
        ModelArchitecture architecture = ModelCatalogue.resolve(descriptor);
        MultiLayerNetwork network = NetworkFactory.build(architecture, 0.05, 1);
        float[] ramp = new float[architecture.parameterCount()];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = i;
        }
        NetworkParameters.set(network, ramp);

        Map<String, INDArray> table = network.paramTable();
        for (ParameterSegment segment : architecture.segments()) {
            INDArray values = table.get(segment.name());
            int offset = ParameterLayout.offsetOf(architecture, segment.name());
            assertThat(values.minNumber().intValue()).as(segment.name()).isEqualTo(offset);
            assertThat(values.maxNumber().intValue()).as(segment.name()).isEqualTo(offset + segment.size() - 1);
        }
    }

    @Test
    void shouldRoundTripTheFlatParameterVector() {
        ModelArchitecture architecture = ModelCatalogue.resolve("mlp:20-16-8-3");
        MultiLayerNetwork network = NetworkFactory.build(architecture, 0.05, 1);
        float[] initial = architecture.initialParameters(42);

        NetworkParameters.set(network, initial);

        assertThat(NetworkParameters.get(network)).containsExactly(initial);
    }

    @Test
    void shouldStartFromTheCatalogueVersionZero() {
        ModelArchitecture architecture = ModelCatalogue.resolve("mlp:20-16-8-3");

        MultiLayerNetwork network = NetworkFactory.buildWithCatalogueInit(architecture, 0.05, 7);

        assertThat(NetworkParameters.get(network)).containsExactly(architecture.initialParameters(7));
    }

    @Test
    void shouldChangeTheLearningRateAtRunTime() {
        MultiLayerNetwork network = NetworkFactory.build(ModelCatalogue.resolve("mlp:20-16-8-3"), 0.1, 1);

        NetworkParameters.setLearningRate(network, 0.0125);

        assertThat(NetworkParameters.learningRate(network)).isCloseTo(0.0125, within(1e-12));
        assertThat(network.getLearningRate(2)).isCloseTo(0.0125, within(1e-12));
    }
}
