package io.asyn2f.worker.tester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import io.asyn2f.api.catalogue.ModelArchitecture;
import io.asyn2f.api.catalogue.ModelCatalogue;
import io.asyn2f.worker.data.LabeledDataset;

class ModelEvaluatorTests {

    private static final ModelArchitecture ARCHITECTURE = ModelCatalogue.resolve("mlp:3-4-5");

    @Test
    void shouldScoreAZeroModelAsUniform() {
        // All-zero weights give softmax 1/5 everywhere: loss ln 5; ties predict class 0, so accuracy = share of 0s.
        LabeledDataset test = new LabeledDataset(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 1, 1},
                new int[] {0, 3, 0, 4}, 3, 5);

        Evaluation evaluation = new ModelEvaluator(ARCHITECTURE, test).evaluate(new float[ARCHITECTURE.parameterCount()]);

        assertThat(evaluation.loss()).isCloseTo(Math.log(5), within(1e-6));
        assertThat(evaluation.accuracy()).isEqualTo(0.5);
        assertThat(evaluation.samples()).isEqualTo(4);
    }

    @Test
    void shouldRefuseAVectorOfAnotherSize() {
        LabeledDataset test = new LabeledDataset(new float[] {1, 2, 3}, new int[] {0}, 3, 5);

        assertThatThrownBy(() -> new ModelEvaluator(ARCHITECTURE, test).evaluate(new float[7]))
                .hasMessageContaining("got 7 parameters");
    }
}
