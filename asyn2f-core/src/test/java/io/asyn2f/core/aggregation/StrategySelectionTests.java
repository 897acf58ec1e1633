package io.asyn2f.core.aggregation;

import static io.asyn2f.core.aggregation.Updates.info;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** When each strategy aggregates, and which pending updates it takes. */
class StrategySelectionTests {

    private static final AggregationContext WAITING = new AggregationContext(4, Set.of("A", "B", "C"), false);
    private static final AggregationContext WAITED = new AggregationContext(4, Set.of("A", "B", "C"), true);

    @Test
    void asyn2fWaitsForMDistinctWorkersAndKeepsTheNewestOfEach() {
        UpdateInfo a1 = info("A", 2, 1);
        UpdateInfo a2 = info("A", 3, 2);
        UpdateInfo b = info("B", 4, 3);
        Asyn2fStrategy strategy = new Asyn2fStrategy(2);

        Selection onlyA = strategy.select(List.of(a1, a2), WAITING);
        Selection aAndB = strategy.select(List.of(b, a2, a1), WAITING);

        assertThat(onlyA.ready()).isFalse();
        assertThat(onlyA.discard()).containsExactly(a1);
        assertThat(aAndB.aggregate()).containsExactly(a2, b);
        assertThat(aAndB.discard()).containsExactly(a1);
    }

    @Test
    void asyn2fAggregatesWhatItHasOnceTheMaxWaitPassed() {
        UpdateInfo a = info("A", 4, 1);

        assertThat(new Asyn2fStrategy(3).select(List.of(a), WAITED).aggregate()).containsExactly(a);
        assertThat(new Asyn2fStrategy(3).select(List.of(), WAITED).ready()).isFalse();
    }

    @Test
    void fedAvgCompletesARoundWhenEveryActiveTrainerReportedFromTheCurrentVersion() {
        UpdateInfo a = info("A", 4, 1);
        UpdateInfo bStale = info("B", 3, 2);
        UpdateInfo b = info("B", 4, 3);
        UpdateInfo c = info("C", 4, 4);
        FedAvgStrategy strategy = new FedAvgStrategy();

        Selection missingC = strategy.select(List.of(a, bStale, b), WAITING);
        Selection complete = strategy.select(List.of(a, bStale, b, c), WAITING);

        assertThat(missingC.ready()).isFalse();
        assertThat(missingC.discard()).containsExactly(bStale);
        assertThat(complete.aggregate()).containsExactly(a, b, c);
        assertThat(complete.discard()).containsExactly(bStale);
    }

    @Test
    void fedAvgClosesARoundAfterTheMaxWaitWithTheTrainersThatReported() {
        UpdateInfo a = info("A", 4, 1);

        assertThat(new FedAvgStrategy().select(List.of(a), WAITED).aggregate()).containsExactly(a);
        assertThat(new FedAvgStrategy().select(List.of(a), new AggregationContext(4, Set.of(), false)).ready())
                .isFalse();
    }

    @Test
    void kaflAndFedBuffTakeExactlyTheirQuotaInArrivalOrder() {
        UpdateInfo first = info("A", 4, 10);
        UpdateInfo second = info("A", 4, 11);
        UpdateInfo third = info("B", 3, 12);
        List<UpdateInfo> pending = List.of(third, first, second);

        assertThat(new MStepKaflStrategy(2).select(pending, WAITING).aggregate()).containsExactly(first, second);
        assertThat(new MStepKaflStrategy(4).select(pending, WAITED).ready()).isFalse();
        assertThat(new FedBuffStrategy(3, 1).select(pending, WAITING).aggregate())
                .containsExactly(first, second, third);
        assertThat(new FedBuffStrategy(4, 1).select(pending, WAITING).ready()).isFalse();
    }

    @Test
    void fedAsyncTakesTheOldestPendingUpdateAlone() {
        UpdateInfo first = info("B", 4, 5);
        UpdateInfo second = info("A", 4, 6);
        FedAsyncStrategy strategy = new FedAsyncStrategy(0.5, new StalenessFunction.Constant());

        assertThat(strategy.select(List.of(second, first), WAITING).aggregate()).containsExactly(first);
        assertThat(strategy.select(List.of(), WAITING).ready()).isFalse();
    }
}
