package io.asyn2f.api.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ModelCatalogueTests {

    @Test
    void shouldLayOutTheDefaultMlp() {
        ModelArchitecture mlp = ModelCatalogue.resolve(ModelCatalogue.MLP_DEFAULT);

        assertThat(mlp.parameterCount()).isEqualTo(784 * 128 + 128 + 128 * 10 + 10).isEqualTo(101_770);
        assertThat(mlp.segments()).extracting(ParameterSegment::name).containsExactly("0_W", "0_b", "1_W", "1_b");
        assertThat(mlp.inputs()).isEqualTo(784);
        assertThat(mlp.classes()).isEqualTo(10);
        assertThat(mlp.family()).isEqualTo("mlp");
        assertThat(ModelCatalogue.mlp(784, 128, 10)).isEqualTo(mlp);
    }

    @Test
    void shouldLayOutTheSmallCnn() {
        ModelArchitecture cnn = ModelCatalogue.resolve(ModelCatalogue.CNN_SMALL);

        // conv 5x5 1->16: 16 + 400; pool -> 12x12; conv 5x5 16->32: 32 + 12,800; pool -> 4x4x32 = 512;
        // dense 512->128: 65,536 + 128; output 128->10: 1,280 + 10
        assertThat(cnn.parameterCount()).isEqualTo(80_202);
        assertThat(cnn.segments()).extracting(ParameterSegment::name)
                .containsExactly("0_b", "0_W", "2_b", "2_W", "4_W", "4_b", "5_W", "5_b");
        assertThat(cnn.inputs()).isEqualTo(784);
    }

    @Test
    void shouldInitialiseDeterministicallyWithXavierScaleAndZeroBiases() {
        ModelArchitecture mlp = ModelCatalogue.resolve(ModelCatalogue.MLP_DEFAULT);

        float[] first = mlp.initialParameters(42);
        float[] again = mlp.initialParameters(42);
        float[] other = mlp.initialParameters(43);

        assertThat(first).containsExactly(again);
        assertThat(first).isNotEqualTo(other);
        double sumSquares = 0;
        for (int i = 0; i < 784 * 128; i++) {
            sumSquares += first[i] * first[i];
        }
        assertThat(sumSquares / (784 * 128)).isCloseTo(2.0 / (784 + 128), within(0.0002));
        for (int i = 784 * 128; i < 784 * 128 + 128; i++) {
            assertThat(first[i]).isZero();
        }
    }

    @Test
    void shouldRefuseUnknownOrAbsurdDescriptorsClearly() {
        assertThatThrownBy(() -> ModelCatalogue.resolve("resnet:18")).hasMessageContaining("unknown model architecture 'resnet:18'");
        assertThatThrownBy(() -> ModelCatalogue.resolve("mlp:784-0-10")).hasMessageContaining("outside 1..");
        assertThatThrownBy(() -> ModelCatalogue.resolve("mlp:784")).hasMessageContaining("unknown model architecture");
        assertThatThrownBy(() -> ModelCatalogue.resolve("cnn:8x8x1-4-4-8-10")).hasMessageContaining("too small");
    }

    @Test
    void shouldCountParametersWithoutBuildingTheModel() {
        assertThat(ModelCatalogue.parameterCount(ModelCatalogue.MLP_DEFAULT)).isEqualTo(101_770);
        assertThat(ModelCatalogue.parameterCount(ModelCatalogue.CNN_SMALL)).isEqualTo(80_202);
        assertThat(ModelCatalogue.parameterCount("mlp:8000-8000-10")).isEqualTo(8000L * 8000 + 8000 + 8000 * 10 + 10);
        // 2^32 weights in one layer: more than an int holds, counted exactly all the same.
        assertThat(ModelCatalogue.parameterCount("mlp:65536-65536-10"))
                .isEqualTo(65_536L * 65_536 + 65_536 + 65_536 * 10 + 10);
        assertThatThrownBy(() -> ModelCatalogue.parameterCount("resnet:18"))
                .hasMessageContaining("unknown model architecture");
    }

    @Test
    void shouldRefuseAModelLargerThanOneVectorWithAReasonRatherThanAnOverflow() {
        assertThatThrownBy(() -> ModelCatalogue.resolve("mlp:65536-65536-10"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than");
        assertThatThrownBy(() -> ModelCatalogue.resolve("cnn:65536x65536x1-16-32-128-10"))
                .isExactlyInstanceOf(IllegalArgumentException.class);
    }
}
