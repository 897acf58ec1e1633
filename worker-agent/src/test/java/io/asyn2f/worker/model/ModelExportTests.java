package io.asyn2f.worker.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;

import io.asyn2f.api.catalogue.ModelArchitecture;
import io.asyn2f.api.catalogue.ModelCatalogue;
import io.asyn2f.worker.data.LabeledDataset;
import io.asyn2f.worker.data.SyntheticClassification;
import io.asyn2f.worker.tester.ModelEvaluator;

/** A global version as a DL4J file: loaded by DL4J alone, it scores what the tester scores for the same vector. */
class ModelExportTests {

    private static final ModelArchitecture MLP = ModelCatalogue.resolve("mlp:20-16-4");
    /** One draw of the clusters, split: the first 600 examples train, the last 400 test. */
    private static final LabeledDataset ALL = SyntheticClassification.generate(1000, 20, 4, 0.35, 5);
    private static final LabeledDataset TRAIN = ALL.head(600);
    private static final LabeledDataset TEST = ALL.subset(java.util.stream.IntStream.range(600, 1000).toArray());

    @TempDir
    Path folder;

    @Test
    void shouldLoadWithDl4jAloneAndScoreWhatTheTesterScores() throws Exception {
        float[] trained = trainedParameters();
        double testerAccuracy = new ModelEvaluator(MLP, TEST).evaluate(trained).accuracy();
        Path file = folder.resolve("final-model.zip");

        ModelExport.writeDl4j(MLP, trained, 0.05, file);
        MultiLayerNetwork loaded = MultiLayerNetwork.load(file.toFile(), false);

        assertThat(loaded.params().toFloatVector()).containsExactly(trained);
        assertThat(loaded.getLearningRate(0)).isEqualTo(0.05);
        Evaluation evaluation = loaded.evaluate(new ViewIterator(dataSet(TEST), 128));
        assertThat(evaluation.accuracy()).isEqualTo(testerAccuracy);
        assertThat(testerAccuracy).as("trained well above chance (0.25)").isGreaterThan(0.6);
    }

    @Test
    void shouldKeepTheCatalogueLayoutOfAConvolutionalNetwork() throws Exception {
        ModelArchitecture cnn = ModelCatalogue.resolve("cnn:16x16x1-2-3-8-3");
        float[] parameters = cnn.initialParameters(7);
        Path file = folder.resolve("cnn.zip");

        ModelExport.writeDl4j(cnn, parameters, 0.1, file);

        MultiLayerNetwork loaded = MultiLayerNetwork.load(file.toFile(), false);
        assertThat(ParameterLayout.mismatches(loaded, cnn)).isEmpty();
        assertThat(loaded.params().toFloatVector()).containsExactly(parameters);
    }

    @Test
    void shouldRefuseAVectorOfAnotherArchitecture() {
        assertThatThrownBy(() -> ModelExport.writeDl4j(MLP, new float[10], 0.1, folder.resolve("x.zip")))
                .hasMessage("mlp:20-16-4 has " + MLP.parameterCount() + " parameters, got 10");
    }

    private static float[] trainedParameters() {
        MultiLayerNetwork network = NetworkFactory.buildWithCatalogueInit(MLP, 0.05, 3);
        DataSet train = dataSet(TRAIN);
        for (int epoch = 0; epoch < 20; epoch++) {
            network.fit(new ViewIterator(train, 32));
        }
        return NetworkParameters.get(network);
    }

    private static DataSet dataSet(LabeledDataset data) {
        float[] labels = new float[data.size() * data.classes()];
        for (int i = 0; i < data.size(); i++) {
            labels[i * data.classes() + data.labels()[i]] = 1f;
        }
        return new DataSet(Nd4j.create(data.features(), new long[] {data.size(), data.featureCount()}, 'c'),
                Nd4j.create(labels, new long[] {data.size(), data.classes()}, 'c'));
    }
}
