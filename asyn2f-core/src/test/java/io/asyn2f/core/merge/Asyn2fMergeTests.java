package io.asyn2f.core.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

import io.asyn2f.core.merge.Asyn2fMerge.AlphaForm;

class Asyn2fMergeTests {

    // size term: 0.5*100 / (0.5*100 + 0.8*200) = 50/210 ; loss term: 0.5 / (1.0 + 0.5) = 1/3
    private static final GlobalSnapshot GLOBAL = new GlobalSnapshot(7, new float[] {2f, 0f, -1f, 1f, 5f},
            0.8, 0.5, 200, 0.05);
    private static final LocalState LOCAL = new LocalState(0.5, 100, 1.0);

    @Test
    void alphaFollowsTheDocumentedFormByDefault() {
        double expected = 0.4 * (50.0 / 210) + 0.6 * (1.0 / 3);

        assertThat(Asyn2fMerge.withDefaults().alpha(GLOBAL, LOCAL)).isCloseTo(expected, within(1e-12));
        assertThat(Asyn2fMerge.withDefaults().form()).isEqualTo(AlphaForm.BETA_ON_LOSS);
        assertThat(Asyn2fMerge.withDefaults().beta()).isEqualTo(0.6);
    }

    @Test
    void alphaCanPutBetaOnTheSizeTermAsInTheAppendix() {
        double expected = 0.6 * (50.0 / 210) + 0.4 * (1.0 / 3);

        assertThat(new Asyn2fMerge(0.6, AlphaForm.BETA_ON_SIZE).alpha(GLOBAL, LOCAL)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void jumpsToTheGlobalValueWhereBothMoveTheSameWayAndMixesElsewhere() {
        float[] previous = {0f, 0f, 1f, 1f, 5f};
        float[] current = {1f, 1f, 0f, 0f, 5f};
        Asyn2fMerge merge = Asyn2fMerge.withDefaults();
        float a = (float) merge.alpha(GLOBAL, LOCAL);

        float[] merged = merge.merge(previous, current, GLOBAL, LOCAL);

        assertThat(merged[0]).isEqualTo(2f);                                  // +1 local, +1 global: jump
        assertThat(merged[1]).isCloseTo(a, within(1e-7f));                    // +1 local, -1 global: mix
        assertThat(merged[2]).isEqualTo(-1f);                                 // -1 local, -1 global: jump
        assertThat(merged[3]).isCloseTo(1 - a, within(1e-7f));                // -1 local, +1 global: mix
        assertThat(merged[4]).isEqualTo(5f);                                  // no movement: mix of equals
    }

    @Test
    void agreesWithTheRuleAsWrittenOnRandomVectorsWithTiesAndSignedZeros() {
        Random random = new Random(21);
        float[] choices = {0f, -0f, 1f, -1f, 0.5f};
        for (int run = 0; run < 200; run++) {
            int n = 257;
            float[] previous = new float[n];
            float[] current = new float[n];
            float[] global = new float[n];
            for (int i = 0; i < n; i++) {
                boolean discrete = random.nextInt(3) == 0;
                previous[i] = discrete ? choices[random.nextInt(choices.length)] : (float) random.nextGaussian();
                current[i] = discrete ? choices[random.nextInt(choices.length)] : (float) random.nextGaussian();
                global[i] = discrete ? choices[random.nextInt(choices.length)] : (float) random.nextGaussian();
            }
            GlobalSnapshot snapshot = new GlobalSnapshot(2, global, 0.7, 0.4, 5_000, 0.1);
            float a = (float) Asyn2fMerge.withDefaults().alpha(snapshot, LOCAL);

            float[] merged = Asyn2fMerge.withDefaults().merge(previous, current, snapshot, LOCAL);

            for (int i = 0; i < n; i++) {
                boolean sameDirection = (current[i] - previous[i]) * (global[i] - current[i]) > 0;
                float expected = sameDirection ? global[i] : global[i] + a * (current[i] - global[i]);
                assertThat(merged[i]).as("coordinate %d", i).isEqualTo(expected == 0f ? 0f : expected);
            }
        }
    }

    @Test
    void mergingIdenticalModelsIsTheIdentityExactly() {
        Random random = new Random(5);
        for (int run = 0; run < 200; run++) {
            float[] model = new float[64];
            float[] previous = new float[64];
            for (int i = 0; i < model.length; i++) {
                model[i] = (float) random.nextGaussian();
                previous[i] = (float) random.nextGaussian();
            }
            GlobalSnapshot global = new GlobalSnapshot(1, model.clone(), random.nextDouble(), random.nextDouble(),
                    random.nextInt(1000), 0.1);
            LocalState local = new LocalState(random.nextDouble(), random.nextInt(1000), random.nextDouble());

            assertThat(Asyn2fMerge.withDefaults().merge(previous, model, global, local)).containsExactly(model);
        }
    }

    @Test
    void mergesInPlaceWhenTheOutputIsTheCurrentVector() {
        float[] previous = {0f, 0f, 1f, 1f, 5f};
        float[] current = {1f, 1f, 0f, 0f, 5f};
        float[] expected = Asyn2fMerge.withDefaults().merge(previous, current.clone(), GLOBAL, LOCAL);

        Asyn2fMerge.withDefaults().mergeInto(previous, current, GLOBAL, LOCAL, current);

        assertThat(current).containsExactly(expected);
    }

    @Test
    void alphaStaysInTheUnitIntervalAndSurvivesEmptyStatistics() {
        Random random = new Random(9);
        for (int run = 0; run < 500; run++) {
            GlobalSnapshot global = new GlobalSnapshot(1, new float[0], random.nextDouble(), 3 * random.nextDouble(),
                    random.nextInt(3) * random.nextInt(10_000), 0.1);
            LocalState local = new LocalState(random.nextDouble(), random.nextInt(2) * random.nextInt(10_000),
                    random.nextInt(2) * 3 * random.nextDouble());
            for (AlphaForm form : AlphaForm.values()) {
                assertThat(new Asyn2fMerge(random.nextDouble(), form).alpha(global, local)).isBetween(0.0, 1.0);
            }
        }
        GlobalSnapshot empty = new GlobalSnapshot(1, new float[0], 0, 0, 0, 0.1);
        assertThat(Asyn2fMerge.withDefaults().alpha(empty, new LocalState(0, 0, 0))).isEqualTo(0.5);
    }

    @Test
    void replaceCopiesTheGlobalModelAndDeltaTrackerSubtractsTheBase() {
        float[] out = ReplaceWithGlobal.INSTANCE.merge(new float[5], new float[5], GLOBAL, LOCAL);
        DeltaTracker tracker = new DeltaTracker(3, new float[] {1f, 2f});
        tracker.rebase(7, GLOBAL.parameters());

        assertThat(out).containsExactly(GLOBAL.parameters());
        assertThat(tracker.baseVersion()).isEqualTo(7);
        assertThat(tracker.delta(new float[] {2.5f, 0f, 0f, 1f, 5f})).containsExactly(0.5f, 0f, 1f, 0f, 0f);
    }

    @Test
    void shouldRefuseMismatchedLengthsAndBadBeta() {
        assertThatThrownBy(() -> Asyn2fMerge.withDefaults().merge(new float[4], new float[5], GLOBAL, LOCAL))
                .hasMessageContaining("vectors differ in length");
        assertThatThrownBy(() -> new Asyn2fMerge(1.5, AlphaForm.BETA_ON_LOSS)).hasMessageContaining("beta");
    }
}
