package io.asyn2f.core.aggregation;

import static io.asyn2f.core.aggregation.Updates.info;
import static io.asyn2f.core.aggregation.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.asyn2f.api.event.UpdateKind;

/** Every server-side rule against numbers worked out by hand. */
class StrategyArithmeticTests {

    private static final double TOLERANCE = 1e-6;

    @Test
    void asyn2fWeightsByQualitySamplesLossAndStaleness() {
        // raw a_k = q*n/L/staleness: A 1.0*100/0.5/1 = 200, B 0.5*200/1.0/2 = 50, C 0.8*50/0.25/1 = 160; sum 410
        GlobalModel current = new GlobalModel(3, new float[] {9f, 9f});
        List<LocalUpdate> updates = List.of(
                update(info("A", 3, 100, 1.0, 0.5, 1), 1f, 0f),
                update(info("B", 2, 200, 0.5, 1.0, 2), 0f, 1f),
                update(info("C", 3, 50, 0.8, 0.25, 3), 2f, 2f));

        AggregationResult result = new Asyn2fStrategy(3).aggregate(current, updates);

        assertThat(result.version()).isEqualTo(4);
        assertThat(result.participants()).extracting(Participant::weight).satisfiesExactly(
                w -> assertThat(w).isCloseTo(20.0 / 41, within(TOLERANCE)),
                w -> assertThat(w).isCloseTo(5.0 / 41, within(TOLERANCE)),
                w -> assertThat(w).isCloseTo(16.0 / 41, within(TOLERANCE)));
        assertThat(result.participants()).extracting(Participant::staleness).containsExactly(1L, 2L, 1L);
        // the previous global (9, 9) is not mixed in
        assertThat(result.parameters()[0]).isCloseTo(52f / 41, within(1e-6f));
        assertThat(result.parameters()[1]).isCloseTo(37f / 41, within(1e-6f));
        assertThat(result.avgQuality()).isCloseTo(2.3 / 3, within(TOLERANCE));
        assertThat(result.avgLoss()).isCloseTo(1.75 / 3, within(TOLERANCE));
        assertThat(result.totalSamples()).isEqualTo(350);
    }

    @Test
    void asyn2fFallsBackToEqualWeightsWhenEveryQualityIsZero() {
        GlobalModel current = new GlobalModel(0, new float[] {0f});
        List<LocalUpdate> updates = List.of(
                update(info("A", 0, 100, 0.0, 0.5, 1), 2f),
                update(info("B", 0, 100, 0.0, 0.5, 2), 4f));

        AggregationResult result = new Asyn2fStrategy(2).aggregate(current, updates);

        assertThat(result.parameters()).containsExactly(3f);
    }

    @Test
    void asyn2fSurvivesAZeroLoss() {
        GlobalModel current = new GlobalModel(0, new float[] {0f});
        List<LocalUpdate> updates = List.of(
                update(info("A", 0, 100, 1.0, 0.0, 1), 2f),
                update(info("B", 0, 100, 1.0, 1.0, 2), 4f));

        AggregationResult result = new Asyn2fStrategy(2).aggregate(current, updates);

        assertThat(result.parameters()[0]).isCloseTo(2f, within(1e-5f));
    }

    @Test
    void fedAvgWeightsBySamplesOnly() {
        GlobalModel current = new GlobalModel(5, new float[] {7f, 7f});
        List<LocalUpdate> updates = List.of(
                update(info("A", 5, 100, 0.1, 9.0, 1), 4f, 8f),
                update(info("B", 5, 300, 1.0, 0.1, 2), 0f, 4f));

        AggregationResult result = new FedAvgStrategy().aggregate(current, updates);

        assertThat(result.parameters()).containsExactly(1f, 5f);
        assertThat(result.participants()).extracting(Participant::weight).containsExactly(0.25, 0.75);
        assertThat(result.version()).isEqualTo(6);
    }

    @Test
    void kaflKeepsAFifthOfTheGlobalModel() {
        // 0.2*10 + 0.8*(0.25*0 + 0.75*4) = 4.4 ; 0.2*10 + 0.8*(0.25*0 + 0.75*8) = 6.8
        GlobalModel current = new GlobalModel(2, new float[] {10f, 10f});
        List<LocalUpdate> updates = List.of(
                update(info("A", 1, 100, 1, 1, 1), 0f, 0f),
                update(info("B", 2, 300, 1, 1, 2), 4f, 8f));

        AggregationResult result = new MStepKaflStrategy(2).aggregate(current, updates);

        assertThat(result.parameters()[0]).isCloseTo(4.4f, within(1e-6f));
        assertThat(result.parameters()[1]).isCloseTo(6.8f, within(1e-6f));
        assertThat(result.participants()).extracting(Participant::weight)
                .satisfiesExactly(w -> assertThat(w).isCloseTo(0.2, within(TOLERANCE)),
                        w -> assertThat(w).isCloseTo(0.6, within(TOLERANCE)));
    }

    @Test
    void fedAsyncMixesOneUpdateWithPolynomialStaleness() {
        // staleness 5 - 3 = 2; a_t = 0.5 * (2+1)^-0.5 = 0.288675
        GlobalModel current = new GlobalModel(5, new float[] {1f, 1f});
        List<LocalUpdate> updates = List.of(update(info("A", 3, 1), 3f, -1f));

        AggregationResult result = new FedAsyncStrategy(0.5, new StalenessFunction.Polynomial(0.5))
                .aggregate(current, updates);

        double alpha = 0.5 / Math.sqrt(3);
        assertThat(result.participants().get(0).weight()).isCloseTo(alpha, within(TOLERANCE));
        assertThat(result.participants().get(0).staleness()).isEqualTo(2);
        assertThat(result.parameters()[0]).isCloseTo((float) (1 + 2 * alpha), within(1e-6f));
        assertThat(result.parameters()[1]).isCloseTo((float) (1 - 2 * alpha), within(1e-6f));
    }

    @Test
    void fedAsyncConstantAndHingeStaleness() {
        GlobalModel current = new GlobalModel(5, new float[] {1f});
        List<LocalUpdate> updates = List.of(update(info("A", 3, 1), 3f));

        float constant = new FedAsyncStrategy(0.5, new StalenessFunction.Constant())
                .aggregate(current, updates).parameters()[0];
        // hinge a=1, b=1: staleness 2 > 1, s = 1/(1*(2-1)+1) = 0.5, a_t = 0.25
        float hinge = new FedAsyncStrategy(0.5, new StalenessFunction.Hinge(1, 1))
                .aggregate(current, updates).parameters()[0];

        assertThat(constant).isCloseTo(2f, within(1e-6f));
        assertThat(hinge).isCloseTo(1.5f, within(1e-6f));
        assertThat(new StalenessFunction.Hinge(1, 1).weight(1)).isEqualTo(1.0);
    }

    @Test
    void fedAsyncAppliesExactlyOneUpdate() {
        GlobalModel current = new GlobalModel(1, new float[] {1f});
        List<LocalUpdate> two = List.of(update(info("A", 1, 1), 1f), update(info("B", 1, 2), 1f));

        assertThatThrownBy(() -> new FedAsyncStrategy(0.5, new StalenessFunction.Constant()).aggregate(current, two))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one update at a time");
    }

    @Test
    void fedBuffAppliesTheStalenessWeightedMeanOfDeltas() {
        // G + eta/K * (1*d1 + (1/sqrt(1+3))*d2) = (1,2) + 1/2 * ((0.4,0) + 0.5*(0,0.9)) = (1.2, 2.225)
        GlobalModel current = new GlobalModel(4, new float[] {1f, 2f});
        List<LocalUpdate> deltas = List.of(
                update(info("A", 4, 1), 0.4f, 0f),
                update(info("B", 1, 2), 0f, 0.9f));

        AggregationResult plain = new FedBuffStrategy(2, 1.0).aggregate(current, deltas);
        AggregationResult doubled = new FedBuffStrategy(2, 2.0).aggregate(current, deltas);

        assertThat(plain.parameters()[0]).isCloseTo(1.2f, within(1e-6f));
        assertThat(plain.parameters()[1]).isCloseTo(2.225f, within(1e-6f));
        assertThat(doubled.parameters()[0]).isCloseTo(1.4f, within(1e-6f));
        assertThat(doubled.parameters()[1]).isCloseTo(2.45f, within(1e-6f));
        assertThat(plain.participants()).extracting(Participant::staleness).containsExactly(0L, 3L);
        assertThat(new FedBuffStrategy(2, 1.0).updateKind()).isEqualTo(UpdateKind.DELTA);
    }

    @Test
    void shouldRefuseMismatchedLengthsEmptyInputAndUpdatesFromTheFuture() {
        GlobalModel current = new GlobalModel(2, new float[] {1f, 2f});
        Asyn2fStrategy strategy = new Asyn2fStrategy(1);

        assertThatThrownBy(() -> strategy.aggregate(current, List.of(update(info("A", 2, 1), 1f))))
                .hasMessageContaining("has 1 parameters, the global model has 2");
        assertThatThrownBy(() -> strategy.aggregate(current, List.of()))
                .hasMessageContaining("at least one update");
        assertThatThrownBy(() -> strategy.aggregate(current, List.of(update(info("A", 7, 1), 1f, 1f))))
                .hasMessageContaining("claims base version 7");
    }
}
