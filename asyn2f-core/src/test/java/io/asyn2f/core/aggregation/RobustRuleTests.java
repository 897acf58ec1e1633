package io.asyn2f.core.aggregation;

import static io.asyn2f.core.aggregation.Updates.info;
import static io.asyn2f.core.aggregation.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The robust rules against hand-computed numbers, an adversary, and each strategy's weighting. */
class RobustRuleTests {

    private static final RobustRule MEDIAN = new CoordinateWiseMedian();
    private static final double[] THIRDS = {1.0 / 3, 1.0 / 3, 1.0 / 3};

    @Test
    void medianIsTheMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
        float[][] odd = {{1, 7}, {100, 5}, {2, -3}};
        float[][] even = {{1}, {4}, {2}, {3}};

        assertThat(MEDIAN.combine(odd, THIRDS).parameters()).containsExactly(2, 5);
        assertThat(MEDIAN.combine(even, new double[] {0.25, 0.25, 0.25, 0.25}).parameters()).containsExactly(2.5f);
    }

    @Test
    void medianFollowsTheStrategysWeights() {
        float[][] inputs = {{5}, {1}, {2}};

        // 5 holds 0.6 of the weight: the weighted median is 5; with 0.4 it is 2 (cumulative 0.2, 0.6 at 1, 2).
        assertThat(MEDIAN.combine(inputs, new double[] {0.6, 0.2, 0.2}).parameters()).containsExactly(5);
        assertThat(MEDIAN.combine(inputs, new double[] {0.4, 0.2, 0.4}).parameters()).containsExactly(2);
    }

    @Test
    void trimmedMeanCutsTheWeightAtBothEnds() {
        RobustRule fifth = new TrimmedMean(0.2);
        RobustRule quarter = new TrimmedMean(0.25);
        double[] fifths = {0.2, 0.2, 0.2, 0.2, 0.2};

        // five equal weights, beta 0.2: one value dropped at each end
        assertThat(fifth.combine(new float[][] {{1}, {2}, {3}, {4}, {100}}, fifths).parameters()[0])
                .isCloseTo(3f, within(1e-6f));
        // three equal weights, beta 0.25: the extremes keep 1/3 - 1/4 each; (0 * 1/12 + 1 * 1/3 + 10 * 1/12) / (1/2)
        assertThat(quarter.combine(new float[][] {{0}, {1}, {10}}, THIRDS).parameters()[0])
                .isCloseTo(7f / 3, within(1e-5f));
        // a weight share above beta is only partly cut: 0.6 at 10, cut 0.25 from the top leaves 0.35 of it
        assertThat(quarter.combine(new float[][] {{10}, {1}, {2}}, new double[] {0.6, 0.2, 0.2}).parameters()[0])
                .isCloseTo((float) ((1 * 0.0 + 2 * 0.15 + 10 * 0.35) / 0.5), within(1e-5f));
    }

    @Test
    void multiKrumLeavesOutTheUpdateFarFromTheOthers() {
        RobustRule krum = new MultiKrum(1, 3);
        float[][] inputs = {{1, 1}, {1.1f, 0.9f}, {-50, 80}, {0.9f, 1.2f}, {1.2f, 1}};
        double[] weights = {0.1, 0.2, 0.4, 0.1, 0.2};

        RobustRule.Combination combined = krum.combine(inputs, weights);

        assertThat(combined.weights()[2]).isZero();
        assertThat(java.util.Arrays.stream(combined.weights()).sum()).isCloseTo(1, within(1e-12));
        assertThat(java.util.Arrays.stream(combined.weights()).filter(w -> w > 0).count()).isEqualTo(3);
        assertThat(combined.parameters()[0]).isCloseTo(1f, within(0.25f));
        assertThat(krum.minUpdates()).isEqualTo(5);
        assertThatThrownBy(() -> krum.combine(new float[][] {{1}, {2}, {3}}, THIRDS))
                .hasMessageContaining("needs at least 5 updates");
    }

    @Test
    void refusesParametersThatMeanNothing() {
        assertThatThrownBy(() -> new TrimmedMean(0.5)).hasMessageContaining("(0, 0.5)");
        assertThatThrownBy(() -> new TrimmedMean(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MultiKrum(0, 3)).hasMessageContaining("f must be >= 1");
        assertThatThrownBy(() -> new MultiKrum(1, -1)).hasMessageContaining("m must be >= 0");
        assertThat(new MultiKrum(1, 0).select(new float[][] {{0}, {0.1f}, {0.2f}, {9}, {0.3f}}))
                .containsExactly(true, true, true, false, true);
    }

    /** Two honest workers step to about (1, 1); a third, reporting like them, sends (-9, -9). */
    @Test
    void aHostileUpdatePullsThePlainMeanAwayButNotTheRobustRules() {
        GlobalModel global = new GlobalModel(0, new float[] {0, 0});
        List<LocalUpdate> updates = List.of(update(info("A", 0, 1), 1, 1), update(info("B", 0, 2), 1.2f, 0.8f),
                update(info("C", 0, 3), -9, -9));

        AggregationResult plain = new BoundedStrategy(new Asyn2fStrategy(3), InfluenceBounds.none())
                .aggregate(global, updates);
        AggregationResult median = new BoundedStrategy(new Asyn2fStrategy(3), InfluenceBounds.none(), MEDIAN)
                .aggregate(global, updates);
        AggregationResult trimmed = new BoundedStrategy(new Asyn2fStrategy(3), InfluenceBounds.none(),
                new TrimmedMean(0.34)).aggregate(global, updates);

        assertThat(plain.parameters()[0]).isCloseTo(-6.8f / 3, within(1e-5f));
        assertThat(median.parameters()).containsExactly(1, 0.8f);
        assertThat(trimmed.parameters()[0]).isCloseTo(1f, within(1e-5f));
        assertThat(trimmed.parameters()[1]).isCloseTo(0.8f, within(1e-5f));
    }

    /**
     * The rules are weighted by the strategy: a participant holding more than half of the weight (here by reporting
     * loss 0 with no bounds) owns the weighted median. The influence bounds are what keep its share down.
     */
    @Test
    void aWeightedMedianNeedsTheBoundsOnReports() {
        GlobalModel global = new GlobalModel(0, new float[] {0});
        List<LocalUpdate> updates = List.of(update(info("A", 0, 100, 1, 0.5, 1), 1),
                update(info("B", 0, 100, 1, 0.5, 2), 1.2f), update(info("C", 0, 100, 1, 0.0, 3), -9));
        InfluenceBounds equalLosses = new InfluenceBounds(1_000_000_000L, 2, 1e-3, 1, 3, 0);

        float unbounded = new BoundedStrategy(new Asyn2fStrategy(3), InfluenceBounds.none(), MEDIAN)
                .aggregate(global, updates).parameters()[0];
        float bounded = new BoundedStrategy(new Asyn2fStrategy(3), equalLosses, MEDIAN)
                .aggregate(global, updates).parameters()[0];

        assertThat(unbounded).isEqualTo(-9);
        // C's loss is floored at the lower median (0.5): three equal weights, C clipped to 3 in its direction
        assertThat(bounded).isEqualTo(1);
    }

    @Test
    void multiKrumKeepsAnInflatedSampleCountOutOfFedAvg() {
        GlobalModel global = new GlobalModel(0, new float[] {0, 0});
        List<LocalUpdate> updates = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            updates.add(update(info("H" + k, 0, 100, 1, 0.5, k), 1 + k * 0.1f, 1 - k * 0.1f));
        }
        updates.add(update(info("X", 0, 1_000_000_000, 1, 0.5, 9), 0, 0));

        AggregationResult plain = new BoundedStrategy(new FedAvgStrategy(), InfluenceBounds.none())
                .aggregate(global, updates);
        AggregationResult krum = new BoundedStrategy(new FedAvgStrategy(), InfluenceBounds.none(),
                new MultiKrum(1, 4)).aggregate(global, updates);

        assertThat(plain.parameters()[0]).isLessThan(0.001f);
        assertThat(krum.participants().get(4).weight()).isZero();
        // the four honest updates, by their (equal) sample counts
        assertThat(krum.parameters()[0]).isCloseTo(1.15f, within(1e-5f));
        assertThat(krum.parameters()[1]).isCloseTo(0.85f, within(1e-5f));
    }

    @Test
    void keepsKaflsShareOfThePreviousGlobalModel() {
        GlobalModel global = new GlobalModel(2, new float[] {10});
        List<LocalUpdate> updates = List.of(update(info("A", 2, 1), 1), update(info("B", 2, 2), 2),
                update(info("C", 2, 3), 600));

        AggregationResult result = new BoundedStrategy(new MStepKaflStrategy(3), InfluenceBounds.none(), MEDIAN)
                .aggregate(global, updates);

        // 0.2 * 10 + 0.8 * median(1, 2, 600)
        assertThat(result.parameters()[0]).isCloseTo(0.2f * 10 + 0.8f * 2, within(1e-5f));
        assertThat(result.participants()).extracting(Participant::weight)
                .allSatisfy(w -> assertThat(w).isCloseTo(0.8 / 3, within(1e-9)));
    }

    @Test
    void appliesTheMedianToFedBuffsStalenessWeightedDeltas() {
        GlobalModel global = new GlobalModel(3, new float[] {10});
        List<LocalUpdate> updates = List.of(update(info("A", 3, 1), 1), update(info("B", 3, 2), 2),
                update(info("C", 3, 3), -500));

        AggregationResult result = new BoundedStrategy(new FedBuffStrategy(3, 1), InfluenceBounds.none(), MEDIAN)
                .aggregate(global, updates);

        // the three deltas are equally fresh: G + (3 * 1/3) * median(1, 2, -500)
        assertThat(result.parameters()[0]).isCloseTo(11f, within(1e-5f));
    }

    @Test
    void aVersionOfTooFewUpdatesIsTheStrategysOwnResult() {
        GlobalModel global = new GlobalModel(0, new float[] {0});
        List<LocalUpdate> two = List.of(update(info("A", 0, 1), 1), update(info("B", 0, 2), 4));
        List<LocalUpdate> one = List.of(update(info("A", 0, 1), 4));

        float[] plain = new BoundedStrategy(new Asyn2fStrategy(1), InfluenceBounds.defaults()).aggregate(global, two)
                .parameters();
        float[] median = new BoundedStrategy(new Asyn2fStrategy(1), InfluenceBounds.defaults(), MEDIAN)
                .aggregate(global, two).parameters();
        float[] fedAsync = new BoundedStrategy(new FedAsyncStrategy(0.6, new StalenessFunction.Constant()),
                InfluenceBounds.defaults(), new TrimmedMean(0.2)).aggregate(global, one).parameters();
        float[] krum = new BoundedStrategy(new Asyn2fStrategy(1), InfluenceBounds.defaults(), new MultiKrum(1, 2))
                .aggregate(global, List.of(two.get(0), two.get(1), update(info("C", 0, 3), 9))).parameters();

        assertThat(median).containsExactly(plain);
        assertThat(fedAsync[0]).isCloseTo(0.6f * 4, within(1e-6f));
        // three updates, but Krum with f = 1 needs five: the strategy's weighted mean (C within 3x the median 4)
        assertThat(krum[0]).isCloseTo((1 + 4 + 9) / 3f, within(1e-5f));
    }

    /** The form the robust composition relies on: (1 - S) G + sum w_k W_k (G + sum w_k D_k for deltas). */
    @Test
    void everyStrategyIsTheGlobalModelPlusItsParticipantsWeightedSum() {
        GlobalModel global = new GlobalModel(4, new float[] {2, -1});
        List<LocalUpdate> three = List.of(update(info("A", 4, 100, 1, 0.5, 1), 1, 3),
                update(info("B", 3, 300, 0.5, 0.2, 2), -2, 5), update(info("C", 2, 50, 1, 0.9, 3), 7, 0));
        List<Strategy> strategies = List.of(new Asyn2fStrategy(3), new FedAvgStrategy(), new MStepKaflStrategy(3),
                new FedBuffStrategy(3, 0.8));
        for (Strategy strategy : strategies) {
            assertLinear(strategy, global, three);
        }
        assertLinear(new FedAsyncStrategy(0.6, new StalenessFunction.Constant()), global, three.subList(1, 2));
    }

    private static void assertLinear(Strategy strategy, GlobalModel global, List<LocalUpdate> updates) {
        AggregationResult result = strategy.aggregate(global, updates);
        boolean delta = strategy.updateKind() == io.asyn2f.api.event.UpdateKind.DELTA;
        double share = result.participants().stream().mapToDouble(Participant::weight).sum();
        for (int i = 0; i < global.parameters().length; i++) {
            double expected = (delta ? 1 : 1 - share) * global.parameters()[i];
            for (int k = 0; k < updates.size(); k++) {
                expected += result.participants().get(k).weight() * updates.get(k).parameters()[i];
            }
            assertThat((double) result.parameters()[i]).as(strategy.name()).isCloseTo(expected, within(1e-5));
        }
    }
}
