package io.asyn2f.core.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class WeightedSumTests {

    @Test
    void shouldMatchAPlainLoopOnTheParallelPathAndAcrossBlockEdges() {
        Random random = new Random(3);
        int length = WeightedSum.PARALLEL_THRESHOLD + WeightedSum.BLOCK / 2 + 3;
        float[][] inputs = new float[5][length];
        double[] weights = {0.1, 0.2, 0.3, 0.15, 0.25};
        for (float[] input : inputs) {
            for (int i = 0; i < length; i++) {
                input[i] = (float) random.nextGaussian();
            }
        }

        float[] out = new float[length];
        WeightedSum.into(out, inputs, weights);

        for (int i = 0; i < length; i++) {
            float expected = 0;
            for (int k = 0; k < inputs.length; k++) {
                expected += (float) weights[k] * inputs[k][i];
            }
            assertThat(out[i]).isEqualTo(expected);
        }
    }

    @Test
    void shouldRefuseBadShapes() {
        float[] a = {1f, 2f};

        assertThatThrownBy(() -> WeightedSum.of(List.of(a, new float[3]), new double[] {0.5, 0.5}))
                .hasMessageContaining("input 1 has 3 parameters, expected 2");
        assertThatThrownBy(() -> WeightedSum.of(List.of(a), new double[] {0.5, 0.5}))
                .hasMessageContaining("one weight per input");
        assertThatThrownBy(() -> WeightedSum.into(a, new float[][] {a}, new double[] {1}))
                .hasMessageContaining("must not be one of the inputs");
        assertThatThrownBy(() -> WeightedSum.of(List.of(a), new double[] {Double.NaN}))
                .hasMessageContaining("weight 0 is NaN");
    }
}
