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
    void kaflAndFedBuffTakeTheirQuotaInArrivalOrderOnePerWorker() {
        UpdateInfo first = info("A", 4, 10);
        UpdateInfo second = info("A", 4, 11);
        UpdateInfo third = info("B", 3, 12);
        UpdateInfo fourth = info("C", 4, 13);
        List<UpdateInfo> pending = List.of(third, first, second, fourth);

        // A's second update waits for the next buffer: one worker cannot fill a buffer alone.
        assertThat(new MStepKaflStrategy(2).select(pending, WAITING).aggregate()).containsExactly(first, third);
        assertThat(new FedBuffStrategy(3, 1).select(pending, WAITING).aggregate())
                .containsExactly(first, third, fourth);
        assertThat(new FedBuffStrategy(2, 1).select(List.of(first, second), WAITING).ready()).isFalse();
        assertThat(new MStepKaflStrategy(4).select(pending,
                new AggregationContext(4, Set.of("A", "B", "C", "D"), true)).ready()).isFalse();
    }

    @Test
    void kaflAndFedBuffFillABufferWithTheActiveTrainersWhenFewerThanItsSize() {
        AggregationContext twoLeft = new AggregationContext(4, Set.of("A", "B"), false);
        UpdateInfo a = info("A", 4, 10);
        UpdateInfo b = info("B", 4, 11);

        assertThat(new FedBuffStrategy(3, 1).select(List.of(a, b), twoLeft).aggregate()).containsExactly(a, b);
        assertThat(new MStepKaflStrategy(3).select(List.of(a), twoLeft).ready()).isFalse();
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
