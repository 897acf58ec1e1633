package io.asyn2f.core.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Properties every rule must have, checked over many random cases from fixed seeds. */
class StrategyPropertyTests {

    private static final int CASES = 300;

    /** FedAvgM's first step from a global model it did not build has no velocity: a weighted average. */
    static Stream<Strategy> weightedAverages() {
        return Stream.of(new Asyn2fStrategy(1), new FedAvgStrategy(), new MStepKaflStrategy(1),
                new FedAvgMStrategy(0.9, 1.0));
    }

    @ParameterizedTest
    @MethodSource("weightedAverages")
    void weightsAreNonNegativeAndSumToOne(Strategy strategy) {
        Random random = new Random(7);
        for (int run = 0; run < CASES; run++) {
            long version = 1 + random.nextInt(50);
            List<LocalUpdate> updates = randomUpdates(random, version, 1 + random.nextInt(10), 3);
            GlobalModel current = new GlobalModel(version, new float[3]);

            AggregationResult result = strategy.aggregate(current, updates);

            double globalShare = strategy instanceof MStepKaflStrategy ? MStepKaflStrategy.DEFAULT_GLOBAL_WEIGHT : 0;
            assertThat(result.participants()).allSatisfy(p -> assertThat(p.weight()).isGreaterThanOrEqualTo(0));
            assertThat(globalShare + result.participants().stream().mapToDouble(Participant::weight).sum())
                    .isCloseTo(1.0, within(1e-9));
        }
    }

    @ParameterizedTest
    @MethodSource("weightedAverages")
    void aggregatingIdenticalModelsGivesThatModel(Strategy strategy) {
        Random random = new Random(11);
        for (int run = 0; run < CASES; run++) {
            long version = 1 + random.nextInt(50);
            float[] model = randomVector(random, 16);
            List<LocalUpdate> updates = new ArrayList<>();
            for (LocalUpdate update : randomUpdates(random, version, 1 + random.nextInt(10), 16)) {
                updates.add(new LocalUpdate(update.info(), model.clone()));
            }

            float[] result = strategy.aggregate(new GlobalModel(version, model.clone()), updates).parameters();

            for (int i = 0; i < model.length; i++) {
                assertThat(result[i]).isCloseTo(model[i], within(1e-5f * Math.max(1, Math.abs(model[i]))));
            }
        }
    }

    @Test
    void asyn2fNeverWeighsAStalerUpdateMore() {
        Random random = new Random(13);
        for (int run = 0; run < CASES; run++) {
            long version = 10 + random.nextInt(50);
            List<LocalUpdate> updates = randomUpdates(random, version, 2 + random.nextInt(8), 1);
            UpdateInfo target = updates.get(0).info();
            long staler = random.nextInt((int) target.baseVersion() + 1);
            List<LocalUpdate> withStaler = new ArrayList<>(updates);
            withStaler.set(0, new LocalUpdate(new UpdateInfo(target.updateId(), target.workerId(), staler,
                    target.samples(), target.quality(), target.loss(), target.sequence()), updates.get(0).parameters()));
            GlobalModel current = new GlobalModel(version, new float[1]);

            double fresh = new Asyn2fStrategy(1).aggregate(current, updates).participants().get(0).weight();
            double stale = new Asyn2fStrategy(1).aggregate(current, withStaler).participants().get(0).weight();

            assertThat(stale).isLessThanOrEqualTo(fresh + 1e-12);
        }
    }

    @Test
    void stalenessFunctionsStartAtOneAndNeverIncrease() {
        List<Function<Long, Double>> functions = List.of(
                new StalenessFunction.Constant()::weight,
                new StalenessFunction.Polynomial(0.5)::weight,
                new StalenessFunction.Polynomial(2)::weight,
                new StalenessFunction.Hinge(10, 4)::weight,
                FedBuffStrategy::stalenessWeight);
        for (Function<Long, Double> s : functions) {
            assertThat(s.apply(0L)).isEqualTo(1.0);
            for (long t = 0; t < 200; t++) {
                assertThat(s.apply(t + 1)).isLessThanOrEqualTo(s.apply(t)).isGreaterThan(0);
            }
        }
    }

    @Test
    void fedBuffWithZeroDeltasLeavesTheModelUnchanged() {
        Random random = new Random(17);
        float[] model = randomVector(random, 32);
        List<LocalUpdate> zeros = randomUpdates(random, 5, 4, 32).stream()
                .map(u -> new LocalUpdate(u.info(), new float[32])).toList();

        float[] result = new FedBuffStrategy(4, 1.0).aggregate(new GlobalModel(5, model.clone()), zeros).parameters();

        assertThat(result).containsExactly(model);
    }

    private static List<LocalUpdate> randomUpdates(Random random, long version, int count, int length) {
        List<LocalUpdate> updates = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            UpdateInfo info = new UpdateInfo("u" + k, "w" + k, random.nextInt((int) version + 1),
                    1 + random.nextInt(10_000), random.nextDouble(), 0.01 + 3 * random.nextDouble(), k);
            updates.add(new LocalUpdate(info, randomVector(random, length)));
        }
        return updates;
    }

    private static float[] randomVector(Random random, int length) {
        float[] vector = new float[length];
        for (int i = 0; i < length; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return vector;
    }
}
