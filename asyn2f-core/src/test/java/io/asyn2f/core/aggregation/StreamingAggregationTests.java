package io.asyn2f.core.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.asyn2f.api.event.UpdateKind;

/**
 * Streamed aggregation: the same versions as the whole-list kernel, bit for bit, from one update at a time.
 */
class StreamingAggregationTests {

    /** Long enough for the running sum's parallel path. */
    private static final int LONG = WeightedSum.PARALLEL_THRESHOLD + 1000;

    /** Every strategy whose versions are {@code c_G G + sum_k c_k W_k}, with whether it has the G term. */
    static Stream<Strategy> linearStrategies() {
        return Stream.of(new Asyn2fStrategy(1), new FedAvgStrategy(), new MStepKaflStrategy(1, 0.3),
                new FedBuffStrategy(3, 1.5));
    }

    @ParameterizedTest
    @MethodSource("linearStrategies")
    void streamsTheSameVersionAsTheWholeListKernel(Strategy strategy) {
        Random random = new Random(3);
        for (int length : new int[] {5, WeightedSum.BLOCK + 7, LONG}) {
            long version = 8;
            GlobalModel current = new GlobalModel(version, vector(random, length));
            List<LocalUpdate> updates = updates(random, version, 5, length);

            PoisoningSource source = new PoisoningSource(updates);
            AggregationResult streamed = strategy.aggregate(current, infos(updates), source);

            // The previous whole-list computation: the blocked kernel over every input at once.
            double[] weights = streamed.participants().stream().mapToDouble(Participant::weight).toArray();
            float[] expected = new float[length];
            if (strategy instanceof Asyn2fStrategy || strategy instanceof FedAvgStrategy) {
                WeightedSum.into(expected, parameters(updates).toArray(float[][]::new), weights);
            } else {
                double globalWeight = strategy instanceof MStepKaflStrategy ? 0.3 : 1.0;
                List<float[]> inputs = new ArrayList<>(List.of(current.parameters()));
                inputs.addAll(parameters(updates));
                double[] all = new double[weights.length + 1];
                all[0] = globalWeight;
                System.arraycopy(weights, 0, all, 1, weights.length);
                WeightedSum.into(expected, inputs.toArray(float[][]::new), all);
            }
            assertThat(streamed.parameters()).containsExactly(expected);
            assertThat(source.requests).containsExactly(0, 1, 2, 3, 4);
        }
    }

    @Test
    void streamsFedAsyncsSingleUpdateLikeTheKernel() {
        Random random = new Random(5);
        GlobalModel current = new GlobalModel(4, vector(random, LONG));
        List<LocalUpdate> one = updates(random, 4, 1, LONG);
        FedAsyncStrategy strategy = new FedAsyncStrategy(0.6, new StalenessFunction.Polynomial(0.5));

        AggregationResult streamed = strategy.aggregate(current, infos(one), new PoisoningSource(one));

        double alpha = streamed.participants().get(0).weight();
        float[] expected = new float[LONG];
        WeightedSum.into(expected, new float[][] {current.parameters(), one.get(0).parameters()},
                new double[] {1 - alpha, alpha});
        assertThat(streamed.parameters()).containsExactly(expected);
    }

    @Test
    void streamsFedAvgMsMomentumStepLikeTheWholeListFormula() {
        Random random = new Random(9);
        int length = 1000;
        FedAvgMStrategy strategy = new FedAvgMStrategy(0.5, 2.0);
        GlobalModel zero = new GlobalModel(3, vector(random, length));
        List<LocalUpdate> first = updates(random, 3, 3, length);
        AggregationResult one = strategy.aggregate(zero, infos(first), new PoisoningSource(first));
        GlobalModel next = new GlobalModel(4, one.parameters());
        List<LocalUpdate> second = updates(random, 4, 4, length);

        AggregationResult two = strategy.aggregate(next, infos(second), new PoisoningSource(second));

        // delta_t = sum_k (n_k / N) (W_k - G), v_t = 0.5 v_(t-1) + delta_t, W = G + 2 v_t, in double as before
        double[] velocity = new double[length];
        float[] expectedOne = momentumStep(zero, first, velocity, new float[length]);
        float[] firstVelocity = new float[length];
        for (int i = 0; i < length; i++) {
            firstVelocity[i] = (float) velocity[i];
        }
        float[] expectedTwo = momentumStep(next, second, new double[length], firstVelocity);
        assertThat(one.parameters()).containsExactly(expectedOne);
        assertThat(two.parameters()).containsExactly(expectedTwo);
    }

    private static float[] momentumStep(GlobalModel current, List<LocalUpdate> updates, double[] velocityOut,
            float[] previous) {
        double total = updates.stream().mapToLong(u -> u.info().samples()).sum();
        float[] global = current.parameters();
        float[] out = new float[global.length];
        for (int i = 0; i < global.length; i++) {
            double delta = 0;
            for (LocalUpdate update : updates) {
                delta += update.info().samples() / total * ((double) update.parameters()[i] - global[i]);
            }
            double v = 0.5 * previous[i] + delta;
            velocityOut[i] = (float) v;
            out[i] = (float) (global[i] + 2.0 * v);
        }
        return out;
    }

    @Test
    void measuresDistancesInAFirstPassAndClipsInTheSecondLikeClippingTheWholeList() {
        Random random = new Random(21);
        int length = 2000;
        for (Strategy inner : List.<Strategy>of(new Asyn2fStrategy(1), new FedBuffStrategy(5, 1),
                new MStepKaflStrategy(1))) {
            GlobalModel current = new GlobalModel(6, vector(random, length));
            List<LocalUpdate> updates = new ArrayList<>(updates(random, 6, 5, length));
            UpdateInfo hostile = updates.get(2).info();
            updates.set(2, new LocalUpdate(hostile, scaled(updates.get(2).parameters(), 100)));
            BoundedStrategy bounded = new BoundedStrategy(inner, InfluenceBounds.defaults());

            PoisoningSource source = new PoisoningSource(updates);
            AggregationResult streamed = bounded.aggregate(current, infos(updates), source);

            // Clipping every update first, as the whole-list form did, then the strategy on the clipped list.
            boolean delta = inner.updateKind() == UpdateKind.DELTA;
            double[] distances = updates.stream().mapToDouble(u -> delta ? BoundedStrategy.norm(u.parameters())
                    : BoundedStrategy.distance(u.parameters(), current.parameters())).toArray();
            double bound = InfluenceBounds.defaults().distanceBound(distances);
            List<UpdateInfo> boundedInfos = InfluenceBounds.defaults().bound(infos(updates));
            List<LocalUpdate> clipped = new ArrayList<>();
            for (int k = 0; k < updates.size(); k++) {
                float[] p = updates.get(k).parameters().clone();
                if (distances[k] > bound) {
                    double s = bound / distances[k];
                    for (int i = 0; i < p.length; i++) {
                        p[i] = delta ? (float) (p[i] * s)
                                : (float) (current.parameters()[i] + s * ((double) p[i] - current.parameters()[i]));
                    }
                }
                clipped.add(new LocalUpdate(boundedInfos.get(k), p));
            }
            assertThat(distances[2]).isGreaterThan(bound);
            assertThat(streamed.parameters()).containsExactly(inner.aggregate(current, clipped).parameters());
            assertThat(source.requests).containsExactly(0, 1, 2, 3, 4, 0, 1, 2, 3, 4);
        }
    }

    @Test
    void loadsEachUpdateOnceWhenTheClippingBoundIsAbsolute() {
        Random random = new Random(23);
        GlobalModel current = new GlobalModel(2, new float[100]);
        List<LocalUpdate> updates = updates(random, 2, 4, 100);
        BoundedStrategy bounded = new BoundedStrategy(new FedAvgStrategy(), new InfluenceBounds(1000, 0, 0, 0, 0, 1));
        PoisoningSource source = new PoisoningSource(updates);

        AggregationResult result = bounded.aggregate(current, infos(updates), source);

        // every update (norm ~10) is clipped to norm 1, so their mean is within norm 1 of the zero global model
        assertThat(BoundedStrategy.norm(result.parameters())).isLessThanOrEqualTo(1.0 + 1e-6);
        assertThat(source.requests).containsExactly(0, 1, 2, 3);
    }

    @Test
    void neverHoldsAnEarlierUpdateOnceTheNextIsAskedFor() {
        // The source hands out one buffer per update and poisons it (NaN) when the next is asked for: an
        // aggregation that kept any input beyond its turn would come out NaN or differ from the in-memory result.
        Random random = new Random(31);
        GlobalModel current = new GlobalModel(5, vector(random, 300));
        List<LocalUpdate> updates = updates(random, 5, 6, 300);
        for (Strategy strategy : List.<Strategy>of(new Asyn2fStrategy(1), new FedAvgStrategy(),
                new MStepKaflStrategy(1), new FedBuffStrategy(6, 1), new FedAvgMStrategy(0.9, 1),
                new BoundedStrategy(new Asyn2fStrategy(1), InfluenceBounds.defaults()))) {
            PoisoningSource source = new PoisoningSource(updates);

            AggregationResult streamed = strategy.aggregate(current, infos(updates), source);

            assertThat(source.requests).hasSizeBetween(updates.size(), 2 * updates.size());
            assertThat(Overflow.firstNonFinite(streamed.parameters())).isEqualTo(-1);
            assertThat(streamed.parameters()).containsExactly(strategy.aggregate(current, updates).parameters());
        }
    }

    @Test
    void anAccumulatorTakesTheUpdatesItWasStartedWithAndNoMore() {
        GlobalModel current = new GlobalModel(1, new float[] {0, 0});
        Accumulator accumulator = new FedAvgStrategy().start(current,
                List.of(Updates.info("A", 1, 1), Updates.info("B", 1, 2)));

        accumulator.add(new float[] {1, 1});
        assertThatThrownBy(accumulator::result).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> accumulator.add(new float[] {1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("update u-B-2 has 1 parameters, the global model has 2");
        accumulator.add(new float[] {3, 3});
        assertThatThrownBy(() -> accumulator.add(new float[] {3, 3})).isInstanceOf(IllegalStateException.class);
        assertThat(accumulator.result().parameters()).containsExactly(2f, 2f);
        assertThatThrownBy(() -> new FedAvgStrategy().start(current, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsARobustVersionWithinItsLimit() {
        RobustRule median = new CoordinateWiseMedian();
        BoundedStrategy limited = new BoundedStrategy(new Asyn2fStrategy(1), InfluenceBounds.defaults(), median, 4);
        List<UpdateInfo> pending = IntStream.range(0, 6).mapToObj(k -> Updates.info("w" + k, 0, k)).toList();

        Selection selection = limited.select(pending, new AggregationContext(0, Set.of(), false));

        assertThat(selection.aggregate()).containsExactlyElementsOf(pending.subList(0, 4));
        List<LocalUpdate> six = pending.stream().map(info -> new LocalUpdate(info, new float[] {1})).toList();
        assertThatThrownBy(() -> limited.aggregate(new GlobalModel(0, new float[] {0}), six))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 4");
        assertThat(new BoundedStrategy(new Asyn2fStrategy(1), InfluenceBounds.defaults()).select(pending,
                new AggregationContext(0, Set.of(), false)).aggregate()).hasSize(6);
    }

    @Test
    void limitsARobustVersionToWhatFitsInItsInputBudgetButNeverBelowWhatTheRuleNeeds() {
        RobustRule median = new CoordinateWiseMedian();

        assertThat(BoundedStrategy.robustLimit(median, 11_000_000)).isEqualTo(24);
        assertThat(BoundedStrategy.robustLimit(median, 50_000_000)).isEqualTo(5);
        assertThat(BoundedStrategy.robustLimit(median, 100)).isEqualTo(StrategyDefinition.MAX_UPDATES_PER_VERSION);
        assertThat(BoundedStrategy.robustLimit(new MultiKrum(10, 0), 50_000_000)).isEqualTo(23);
        assertThatThrownBy(() -> new BoundedStrategy(new Asyn2fStrategy(1), InfluenceBounds.defaults(), median, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void findsTheOverflowsCulpritInOnePassOverTheInputs() {
        GlobalModel current = new GlobalModel(1, new float[] {0, 10});
        List<LocalUpdate> updates = List.of(new LocalUpdate(Updates.info("A", 1, 1), new float[] {1, 3e38f}),
                new LocalUpdate(Updates.info("B", 1, 2), new float[] {1, -3e38f}),
                new LocalUpdate(Updates.info("C", 1, 3), new float[] {1, 3.1e38f}));
        PoisoningSource source = new PoisoningSource(updates);

        UpdateInfo culprit = Overflow.culprit(current, UpdateKind.MODEL, infos(updates), source, 1);

        assertThat(culprit.workerId()).isEqualTo("C");
        assertThat(source.requests).containsExactly(0, 1, 2);
        assertThat(Overflow.culprit(current, UpdateKind.DELTA, infos(updates), UpdateSource.of(updates), 0)
                .workerId()).isEqualTo("A");
        assertThat(Overflow.firstNonFinite(new float[] {1, Float.NaN, Float.POSITIVE_INFINITY})).isEqualTo(1);
        assertThat(Overflow.firstNonFinite(new float[] {1, 2})).isEqualTo(-1);
    }

    /** Hands out a copy of each update's parameters and poisons the previous copy when the next is asked for. */
    private static final class PoisoningSource implements UpdateSource {

        private final List<LocalUpdate> updates;
        private final List<Integer> requests = new ArrayList<>();
        private float[] outstanding;

        PoisoningSource(List<LocalUpdate> updates) {
            this.updates = updates;
        }

        @Override
        public float[] parameters(int index, UpdateInfo update) {
            assertThat(update.updateId()).isEqualTo(updates.get(index).info().updateId());
            if (outstanding != null) {
                Arrays.fill(outstanding, Float.NaN);
            }
            requests.add(index);
            outstanding = updates.get(index).parameters().clone();
            return outstanding;
        }
    }

    private static List<UpdateInfo> infos(List<LocalUpdate> updates) {
        return updates.stream().map(LocalUpdate::info).toList();
    }

    private static List<float[]> parameters(List<LocalUpdate> updates) {
        return updates.stream().map(LocalUpdate::parameters).toList();
    }

    private static List<LocalUpdate> updates(Random random, long version, int count, int length) {
        List<LocalUpdate> updates = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            UpdateInfo info = new UpdateInfo("u" + k, "w" + k, version - random.nextInt(3), 1 + random.nextInt(1000),
                    random.nextDouble(), 0.01 + random.nextDouble(), k);
            updates.add(new LocalUpdate(info, vector(random, length)));
        }
        return updates;
    }

    private static float[] vector(Random random, int length) {
        float[] vector = new float[length];
        for (int i = 0; i < length; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return vector;
    }

    private static float[] scaled(float[] values, float factor) {
        float[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= factor;
        }
        return out;
    }
}
