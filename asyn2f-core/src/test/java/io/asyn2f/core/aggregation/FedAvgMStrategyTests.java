package io.asyn2f.core.aggregation;

import static io.asyn2f.core.aggregation.Updates.info;
import static io.asyn2f.core.aggregation.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.asyn2f.api.event.UpdateKind;

/** FedAvgM against numbers worked out by hand, and its velocity's lifetime. */
class FedAvgMStrategyTests {

    private static final float TOLERANCE = 1e-5f;

    /** Round 1 from version 0, global (0, 0): A (n 100) sends (1, 2), B (n 300) sends (3, -2). */
    private static List<LocalUpdate> roundOne() {
        return List.of(update(info("A", 0, 100, 1.0, 0.5, 1), 1f, 2f), update(info("B", 0, 300, 1.0, 0.5, 2), 3f, -2f));
    }

    @Test
    void shouldCarryTheVelocityFromOneVersionToTheNext() {
        FedAvgMStrategy strategy = new FedAvgMStrategy(0.5, 2.0);
        // delta = 0.25*(1,2) + 0.75*(3,-2) = (2.5, -1); v1 = delta; W1 = (0,0) + 2*v1 = (5, -2)
        AggregationResult first = strategy.aggregate(new GlobalModel(0, new float[] {0f, 0f}), roundOne());

        assertThat(first.version()).isEqualTo(1);
        assertThat(first.parameters()[0]).isCloseTo(5f, within(TOLERANCE));
        assertThat(first.parameters()[1]).isCloseTo(-2f, within(TOLERANCE));
        assertThat(first.participants()).extracting(Participant::weight).containsExactly(0.5, 1.5);

        // round 2 from (5, -2): A (n 100) sends (6, -2), so delta = (1, 0); v2 = 0.5*(2.5, -1) + (1, 0) = (2.25, -0.5)
        // W2 = (5, -2) + 2*(2.25, -0.5) = (9.5, -3)
        AggregationResult second = strategy.aggregate(new GlobalModel(1, first.parameters()),
                List.of(update(info("A", 1, 100, 1.0, 0.5, 3), 6f, -2f)));

        assertThat(second.version()).isEqualTo(2);
        assertThat(second.parameters()[0]).isCloseTo(9.5f, within(TOLERANCE));
        assertThat(second.parameters()[1]).isCloseTo(-3f, within(TOLERANCE));
    }

    @Test
    void shouldBeFedAvgWithoutMomentumAndWithAUnitStep() {
        GlobalModel current = new GlobalModel(0, new float[] {0f, 0f});

        AggregationResult momentumFree = new FedAvgMStrategy(0, 1).aggregate(current, roundOne());
        AggregationResult fedAvg = new FedAvgStrategy().aggregate(current, roundOne());

        assertThat(momentumFree.parameters()).containsExactly(fedAvg.parameters());
    }

    @Test
    void shouldStartAtZeroOnAVersionItDidNotBuild() {
        FedAvgMStrategy strategy = new FedAvgMStrategy(0.5, 1.0);
        strategy.aggregate(new GlobalModel(0, new float[] {0f, 0f}), roundOne());
        // version 1 built by another replica (different parameters): no velocity of this object applies
        AggregationResult elsewhere = strategy.aggregate(new GlobalModel(1, new float[] {1f, 1f}),
                List.of(update(info("A", 1, 100, 1.0, 0.5, 3), 2f, 1f)));

        assertThat(elsewhere.parameters()).containsExactly(2f, 1f);
    }

    @Test
    void shouldRebuildTheSameVersionWhenAnAggregationIsRepeated() {
        FedAvgMStrategy strategy = new FedAvgMStrategy(0.5, 2.0);
        AggregationResult first = strategy.aggregate(new GlobalModel(0, new float[] {0f, 0f}), roundOne());
        GlobalModel one = new GlobalModel(1, first.parameters());
        List<LocalUpdate> round = List.of(update(info("A", 1, 100, 1.0, 0.5, 3), 6f, -2f));

        AggregationResult attempt = strategy.aggregate(one, round);
        AggregationResult retry = strategy.aggregate(one, round);

        assertThat(retry.parameters()).containsExactly(attempt.parameters());
        assertThat(retry.parameters()[0]).isCloseTo(9.5f, within(TOLERANCE));
    }

    @Test
    void shouldKeepItsVelocityToItself() {
        FedAvgMStrategy session1 = new FedAvgMStrategy(0.5, 2.0);
        FedAvgMStrategy session2 = (FedAvgMStrategy) StrategyDefinition.parse("fedavgm",
                Map.of("momentum", 0.5, "serverLearningRate", 2.0)).build();
        AggregationResult first = session1.aggregate(new GlobalModel(0, new float[] {0f, 0f}), roundOne());
        List<LocalUpdate> round = List.of(update(info("A", 1, 100, 1.0, 0.5, 3), 6f, -2f));

        // same global version 1, but session 2 never built it: a plain step, 2*(1, 0)
        AggregationResult other = session2.aggregate(new GlobalModel(1, first.parameters()), round);

        assertThat(other.parameters()).containsExactly(7f, -2f);
    }

    @Test
    void shouldCloseRoundsLikeFedAvg() {
        AggregationContext waiting = new AggregationContext(4, Set.of("A", "B"), false);
        UpdateInfo a = info("A", 4, 1);
        UpdateInfo stale = info("B", 3, 2);
        UpdateInfo b = info("B", 4, 3);
        FedAvgMStrategy strategy = new FedAvgMStrategy(0.9, 1);

        assertThat(strategy.select(List.of(a, stale), waiting).ready()).isFalse();
        assertThat(strategy.select(List.of(a, stale, b), waiting).aggregate()).containsExactly(a, b);
        assertThat(strategy.select(List.of(a, stale, b), waiting).discard()).containsExactly(stale);
        assertThat(strategy.updateKind()).isEqualTo(UpdateKind.MODEL);
    }

    @Test
    void shouldRefuseMomentumAndStepOutOfBounds() {
        assertThatThrownBy(() -> StrategyDefinition.parse("fedavgm", Map.of("momentum", 1, "serverLearningRate", 0)))
                .isInstanceOf(StrategyDefinition.InvalidParameters.class)
                .hasMessage("strategy.momentum must be in [0, 1), was 1; "
                        + "strategy.serverLearningRate must be in (0, 10], was 0");
        assertThatThrownBy(() -> StrategyDefinition.parse("fedavgm", Map.of("m", 3)))
                .hasMessageContaining("strategy.m applies to asyn2f, kafl only");
        assertThatThrownBy(() -> new FedAvgMStrategy(-0.1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(StrategyDefinition.parse("fedavgm", Map.of("momentum", 0, "serverLearningRate", 10)).values())
                .containsEntry("momentum", 0.0).containsEntry("serverLearningRate", 10.0);
    }
}
