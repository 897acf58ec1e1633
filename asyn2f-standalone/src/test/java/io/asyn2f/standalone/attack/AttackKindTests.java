package io.asyn2f.standalone.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.model.ArchitectureFingerprint;
import io.asyn2f.api.model.BlobKind;
import io.asyn2f.api.model.BlobSummary;
import io.asyn2f.api.model.ModelBlobReader;
import io.asyn2f.api.model.ModelBlobWriter;
import io.asyn2f.worker.data.LabeledDataset;
import io.asyn2f.worker.training.PreparedUpdate;

class AttackKindTests {

    private static final float[] GLOBAL = {1, 2, 3};
    private static final float[] LOCAL = {2, 2, 1};

    @Test
    void shouldParseEveryCommandLineName() {
        assertThat(AttackKind.values()).extracting(AttackKind::label).containsExactly("loss-zero",
                "samples-inflation", "sign-flip", "scale", "label-flip", "noise");
        for (AttackKind kind : AttackKind.values()) {
            assertThat(AttackKind.parse(kind.label())).isEqualTo(kind);
        }
        assertThatThrownBy(() -> AttackKind.parse("backdoor"))
                .hasMessageContaining("unknown attack 'backdoor'").hasMessageContaining("sign-flip");
    }

    @Test
    void weightAttacksSendAZeroModelAndLieAboutTheirReport() {
        assertThat(AttackKind.LOSS_ZERO.model(GLOBAL, LOCAL, new SplittableRandom(1))).containsExactly(0, 0, 0);
        assertThat(AttackKind.LOSS_ZERO.loss(0.7)).isZero();
        assertThat(AttackKind.LOSS_ZERO.samples(12_000)).isEqualTo(12_000);
        assertThat(AttackKind.SAMPLES_INFLATION.model(GLOBAL, LOCAL, new SplittableRandom(1)))
                .containsExactly(0, 0, 0);
        assertThat(AttackKind.SAMPLES_INFLATION.samples(12_000)).isEqualTo(AttackKind.INFLATED_SAMPLES);
        assertThat(AttackKind.SAMPLES_INFLATION.loss(0.7)).isEqualTo(0.7);
    }

    @Test
    void signFlipReversesTheHonestStepAndScaleBoostsIt() {
        // honest step W - G = (1, 0, -2)
        assertThat(AttackKind.SIGN_FLIP.model(GLOBAL, LOCAL, new SplittableRandom(1))).containsExactly(0, 2, 5);
        assertThat(AttackKind.SCALE.model(GLOBAL, LOCAL, new SplittableRandom(1))).containsExactly(11, 2, -17);
        assertThat(AttackKind.SIGN_FLIP.loss(0.7)).isEqualTo(0.7);
        assertThat(AttackKind.SCALE.samples(12_000)).isEqualTo(12_000);
    }

    @Test
    void noiseAddsSeededGaussianNoiseOfTheDocumentedSize() {
        float[] global = new float[20_000];
        float[] noisy = AttackKind.NOISE.model(global, global, new SplittableRandom(7));
        double sum = 0;
        double squares = 0;
        for (float value : noisy) {
            sum += value;
            squares += (double) value * value;
        }
        assertThat(sum / noisy.length).isCloseTo(0, within(0.005));
        assertThat(Math.sqrt(squares / noisy.length)).isCloseTo(AttackKind.NOISE_SIGMA, within(0.005));
        assertThat(AttackKind.NOISE.model(global, global, new SplittableRandom(7))).containsExactly(noisy);
    }

    @Test
    void labelFlipMirrorsTheLabelsAndKeepsTheModel() {
        LabeledDataset data = new LabeledDataset(new float[] {0.1f, 0.2f, 0.3f}, new int[] {0, 4, 9}, 1, 10);

        LabeledDataset flipped = AttackKind.LABEL_FLIP.data(data);

        assertThat(flipped.labels()).containsExactly(9, 5, 0);
        assertThat(flipped.features()).containsExactly(data.features());
        assertThat(data.labels()).containsExactly(0, 4, 9);
        assertThat(AttackKind.LABEL_FLIP.changesParameters()).isFalse();
        assertThat(AttackKind.LABEL_FLIP.model(GLOBAL, LOCAL, new SplittableRandom(1))).containsExactly(LOCAL);
        assertThat(AttackKind.SIGN_FLIP.data(data)).isSameAs(data);
    }

    @Test
    void hostileSinkRewritesTheBlobAndItsSummary() throws IOException {
        List<PreparedUpdate> forwarded = new ArrayList<>();
        HostileUpdateSink sink = new HostileUpdateSink(AttackKind.SIGN_FLIP, forwarded::add, version -> GLOBAL, 1);

        sink.submit(update(UpdateKind.MODEL, LOCAL));

        PreparedUpdate sent = forwarded.get(0);
        assertThat(read(sent)).containsExactly(0, 2, 5);
        assertThat(sent.summary().sizeBytes()).isEqualTo(sent.blob().length);
        assertThat(sent.samples()).isEqualTo(12_000);
        assertThat(sink.sent()).isOne();
    }

    @Test
    void hostileSinkAttacksADeltaInWeightSpace() throws IOException {
        List<PreparedUpdate> forwarded = new ArrayList<>();
        HostileUpdateSink sink = new HostileUpdateSink(AttackKind.LOSS_ZERO, forwarded::add, version -> GLOBAL, 1);

        sink.submit(update(UpdateKind.DELTA, new float[] {1, 0, -2}));

        // the zero model, as a delta from G
        assertThat(read(forwarded.get(0))).containsExactly(-1, -2, -3);
        assertThat(forwarded.get(0).loss()).isZero();
    }

    private static PreparedUpdate update(UpdateKind kind, float[] parameters) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BlobSummary summary = ModelBlobWriter.write(out, kind == UpdateKind.DELTA ? BlobKind.DELTA : BlobKind.WEIGHTS,
                ArchitectureFingerprint.of("mlp:1-3"), parameters);
        return new PreparedUpdate(kind, out.toByteArray(), summary, 4, 12_000, 1.0, 0.7, 0.8, 3);
    }

    private static float[] read(PreparedUpdate update) throws IOException {
        return ModelBlobReader.lenient().read(new ByteArrayInputStream(update.blob())).parameters();
    }
}
