package io.asyn2f.core.aggregation;

import static io.asyn2f.core.aggregation.Updates.info;
import static io.asyn2f.core.aggregation.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** One participant's reports and parameters cannot take over a version. */
class InfluenceBoundsTests {

    private static final InfluenceBounds DEFAULTS = InfluenceBounds.defaults();

    @Test
    void capsASampleCountAtTwiceTheVersionsLowerMedianAndAtTheAbsoluteMaximum() {
        List<UpdateInfo> bounded = DEFAULTS.bound(List.of(info("A", 0, 100, 1, 0.5, 1), info("B", 0, 120, 1, 0.5, 2),
                info("C", 0, Long.MAX_VALUE, 1, 0.5, 3)));

        assertThat(bounded).extracting(UpdateInfo::samples).containsExactly(100L, 120L, 240L);
        assertThat(DEFAULTS.bound(info("A", 0, Long.MAX_VALUE, 1, 0.5, 1)).samples()).isEqualTo(1_000_000_000L);
    }

    @Test
    void floorsALossAtHalfTheVersionsLowerMedianAndAtTheAbsoluteFloor() {
        List<UpdateInfo> bounded = DEFAULTS.bound(List.of(info("A", 0, 100, 1, 0.4, 1), info("B", 0, 100, 1, 0.6, 2),
                info("C", 0, 100, 1, 0.0, 3)));

        assertThat(bounded).extracting(UpdateInfo::loss).containsExactly(0.4, 0.6, 0.2);
        assertThat(DEFAULTS.bound(info("A", 0, 100, 1, 0, 1)).loss()).isEqualTo(1e-3);
    }

    @Test
    void takesTheSmallerMiddleValueSoTwoUpdatesAreBoundedByTheSmallerOne() {
        assertThat(InfluenceBounds.lowerMedian(new double[] {5, 1})).isEqualTo(1);
        assertThat(InfluenceBounds.lowerMedian(new double[] {9, 1, 5})).isEqualTo(5);
        assertThat(InfluenceBounds.lowerMedian(new double[] {4, 3, 2, 1})).isEqualTo(2);
        assertThat(DEFAULTS.distanceBound(new double[] {1, 100})).isEqualTo(3);
        assertThat(DEFAULTS.distanceBound(new double[] {7})).isInfinite();
        assertThat(new InfluenceBounds(10, 0, 0, 0, 0, 2.5).distanceBound(new double[] {7})).isEqualTo(2.5);
    }

    @Test
    void aZeroMedianGivesNoRelativeBound() {
        List<UpdateInfo> bounded = DEFAULTS.bound(List.of(info("A", 0, 0, 1, 0.5, 1), info("B", 0, 0, 1, 0.5, 2),
                info("C", 0, 50, 1, 0.5, 3)));

        assertThat(bounded).extracting(UpdateInfo::samples).containsExactly(0L, 0L, 50L);
        assertThat(DEFAULTS.distanceBound(new double[] {0, 0, 4})).isInfinite();
    }

    @Test
    void refusesBoundsThatMeanNothing() {
        assertThatThrownBy(() -> new InfluenceBounds(0, 2, 0, 2, 3, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InfluenceBounds(10, 0.5, 0, 2, 3, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InfluenceBounds(10, 2, -1, 2, 3, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InfluenceBounds(10, 2, 0, 2, 3, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsALossZeroReportFromTakingOverAnAsyn2fVersion() {
        Strategy bounded = new BoundedStrategy(new Asyn2fStrategy(3), DEFAULTS);
        GlobalModel global = new GlobalModel(0, new float[] {0, 0});
        List<LocalUpdate> updates = List.of(update(info("A", 0, 100, 1, 0.5, 1), 1, 1),
                update(info("B", 0, 100, 1, 0.5, 2), 1, 1), update(info("C", 0, 100, 1, 0.0, 3), -1, -1));

        AggregationResult plain = new Asyn2fStrategy(3).aggregate(global, updates);
        AggregationResult result = bounded.aggregate(global, updates);

        assertThat(plain.participants().get(2).weight()).isGreaterThan(0.9999);
        // The zero loss is floored at half the median: the attacker weighs twice an honest worker, a half in all.
        assertThat(result.participants().get(2).weight()).isCloseTo(0.5, within(1e-6));
        assertThat(result.parameters()[0]).isCloseTo(0f, within(1e-6f));
    }

    @Test
    void clipsAScaledModelTowardsTheGlobalModelKeepingItsDirection() {
        Strategy bounded = new BoundedStrategy(new Asyn2fStrategy(3), DEFAULTS);
        GlobalModel global = new GlobalModel(0, new float[] {1, 1});
        List<LocalUpdate> updates = List.of(update(info("A", 0, 100, 1, 0.5, 1), 2, 1),
                update(info("B", 0, 100, 1, 0.5, 2), 1, 2), update(info("C", 0, 100, 1, 0.5, 3), 1001, 1));

        AggregationResult result = bounded.aggregate(global, updates);

        // C is 1000 away, the lower median 1: C counts as 1 + 3 = 4 in its own direction; mean (2 + 1 + 4) / 3.
        assertThat(result.parameters()[0]).isCloseTo(7f / 3, within(1e-5f));
        assertThat(result.parameters()[1]).isCloseTo(4f / 3, within(1e-5f));
    }

    @Test
    void clipsADeltaByItsNorm() {
        Strategy bounded = new BoundedStrategy(new FedBuffStrategy(2, 1), DEFAULTS);
        GlobalModel global = new GlobalModel(3, new float[] {0, 0});
        List<LocalUpdate> updates = List.of(update(info("A", 3, 1), 0, 1), update(info("B", 3, 2), 0, -100));

        AggregationResult result = bounded.aggregate(global, updates);

        // B's delta is clipped from norm 100 to 3 (three times A's); both are as stale, weighted w / K.
        double w = FedBuffStrategy.stalenessWeight(result.participants().get(0).staleness());
        assertThat(result.parameters()[1]).isCloseTo((float) ((1 - 3) * w / 2), within(1e-5f));
    }

    @Test
    void keepsTheSumOfBoundedSampleCountsWithinALong() {
        Strategy bounded = new BoundedStrategy(new FedAvgStrategy(), InfluenceBounds.none());
        GlobalModel global = new GlobalModel(0, new float[] {0});
        List<LocalUpdate> updates = List.of(update(info("A", 0, Long.MAX_VALUE, 1, 0.5, 1), 1),
                update(info("B", 0, Long.MAX_VALUE, 1, 0.5, 2), 1));

        assertThat(bounded.aggregate(global, updates).totalSamples()).isEqualTo(2 * InfluenceBounds.SAMPLES_LIMIT);
        assertThatThrownBy(() -> new FedAvgStrategy().aggregate(global, updates))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void letsTheStrategySelectOnBoundedReports() {
        Strategy bounded = new BoundedStrategy(new Asyn2fStrategy(1), DEFAULTS);
        Selection selection = bounded.select(List.of(info("A", 0, Long.MAX_VALUE, 1, 0, 1)),
                new AggregationContext(0, Set.of("A"), false));

        assertThat(selection.aggregate()).singleElement().satisfies(info -> {
            assertThat(info.samples()).isEqualTo(1_000_000_000L);
            assertThat(info.loss()).isEqualTo(1e-3);
        });
    }
}
