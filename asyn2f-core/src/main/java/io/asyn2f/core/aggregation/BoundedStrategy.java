package io.asyn2f.core.aggregation;

import java.util.ArrayList;
import java.util.List;

import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.core.merge.WorkerMerge;

/**
 * Any strategy with {@link InfluenceBounds} around it: the strategy sees bounded reports (sample count, loss) and
 * updates whose distance from the current global model (a delta's norm) is clipped, so its own weighting, staleness
 * rule included, applies to what one participant can no longer inflate. Clipping scales the update towards the
 * global model, {@code W' = G + s (W - G)} (for a delta {@code D' = s D}) with {@code s = bound / distance}; it
 * keeps the direction and never amplifies. The participants' weights in the result are those of the bounded reports.
 *
 * <p>Streamed ({@link #aggregate(GlobalModel, List, UpdateSource)}): the reports are bounded from metadata; when the
 * distance bound is relative to the version's distances, a first pass over the updates measures them (each loaded,
 * measured and let go), then a second pass clips each update if needed and folds it into the strategy's
 * {@link Accumulator}. Without relative clipping there is one pass. Either way at most one update (and its clipped
 * copy) is held at a time.
 *
 * <p>With a {@link RobustRule} the version keeps the strategy's form, {@code (1 - S) G + S * mean} for models and
 * {@code G + S * mean} for deltas, with the strategy's weights {@code w_k} (its participants' weights) and
 * {@code S = sum w_k}, but the weighted mean of the clipped updates is replaced by the rule's combination under the
 * weights {@code w_k / S}. A version of fewer updates than the rule needs is the strategy's own result (streamed).
 * A median, a trimmed mean or Krum's distances need every update at once, so a version with a robust rule holds all
 * its {@code n} clipped updates, {@code n * P * 4} bytes for {@code P} parameters; {@link #select} therefore takes
 * at most {@link #maxRobustUpdates()} updates into such a version ({@link #robustLimit}: what fits in
 * {@link #ROBUST_INPUT_FLOATS} floats, never fewer than the rule needs), and the rest wait for a later one.
 */
public final class BoundedStrategy implements Strategy {

    /**
     * The floats (4 bytes each) a version with a robust rule may hold as inputs: 2^28, 1 GiB. With {@code P}
     * parameters that is {@code 2^28 / P} updates (24 at 11M parameters, 5 at the largest model a session may train).
     */
    public static final long ROBUST_INPUT_FLOATS = 1L << 28;

    private final Strategy strategy;
    private final InfluenceBounds bounds;
    private final RobustRule robust;
    private final int maxRobustUpdates;

    /**
     * @param maxRobustUpdates the most updates a version with a robust rule takes (see {@link #robustLimit}); at
     *                         least the rule's {@link RobustRule#minUpdates}
     */
    public BoundedStrategy(Strategy strategy, InfluenceBounds bounds, RobustRule robust, int maxRobustUpdates) {
        if (!robust.isNone() && maxRobustUpdates < robust.minUpdates()) {
            throw new IllegalArgumentException("a robust rule needing " + robust.minUpdates()
                    + " updates cannot be limited to " + maxRobustUpdates);
        }
        this.strategy = strategy;
        this.bounds = bounds;
        this.robust = robust;
        this.maxRobustUpdates = maxRobustUpdates;
    }

    /** Limited to {@link StrategyDefinition#MAX_UPDATES_PER_VERSION} updates with a robust rule (tests, benchmarks). */
    public BoundedStrategy(Strategy strategy, InfluenceBounds bounds, RobustRule robust) {
        this(strategy, bounds, robust, Math.max(robust.isNone() ? 1 : robust.minUpdates(),
                StrategyDefinition.MAX_UPDATES_PER_VERSION));
    }

    public BoundedStrategy(Strategy strategy, InfluenceBounds bounds) {
        this(strategy, bounds, RobustRule.none());
    }

    /**
     * The most updates a version with {@code robust} takes for a model of {@code parameterCount} parameters: as many
     * as fit in {@link #ROBUST_INPUT_FLOATS}, at most {@link StrategyDefinition#MAX_UPDATES_PER_VERSION}, and never
     * fewer than the rule needs.
     */
    public static int robustLimit(RobustRule robust, long parameterCount) {
        if (parameterCount < 1) {
            throw new IllegalArgumentException("parameterCount must be >= 1, was " + parameterCount);
        }
        long fitting = Math.min(StrategyDefinition.MAX_UPDATES_PER_VERSION, ROBUST_INPUT_FLOATS / parameterCount);
        return (int) Math.max(robust.isNone() ? 1 : robust.minUpdates(), fitting);
    }

    /** The strategy inside. */
    public Strategy strategy() {
        return strategy;
    }

    public InfluenceBounds bounds() {
        return bounds;
    }

    public RobustRule robust() {
        return robust;
    }

    /** The most updates a version takes when a robust rule holds them all at once. */
    public int maxRobustUpdates() {
        return maxRobustUpdates;
    }

    @Override
    public String name() {
        return strategy.name();
    }

    @Override
    public UpdateKind updateKind() {
        return strategy.updateKind();
    }

    @Override
    public WorkerMerge workerMerge() {
        return strategy.workerMerge();
    }

    /**
     * The strategy's selection on bounded reports; with a robust rule, at most {@link #maxRobustUpdates()} of it
     * (the first in its order), the rest left pending.
     */
    @Override
    public Selection select(List<UpdateInfo> pending, AggregationContext context) {
        Selection selection = strategy.select(pending.stream().map(bounds::bound).toList(), context);
        if (robust.isNone() || selection.aggregate().size() <= maxRobustUpdates) {
            return selection;
        }
        return new Selection(selection.aggregate().subList(0, maxRobustUpdates), selection.discard());
    }

    /**
     * Streaming needs the clipping bound before the first update is folded in; it is only known up front without
     * relative clipping, so this form does not clip relatively. Use {@link #aggregate(GlobalModel, List,
     * UpdateSource)}, which measures the distances first.
     */
    @Override
    public Accumulator start(GlobalModel current, List<UpdateInfo> updates) {
        Selections.checkInfos(updates);
        if (bounds.boundDependsOnDistances(updates.size()) || usesRobustRule(updates.size())) {
            throw new UnsupportedOperationException("a version with relative clipping or a robust rule needs every "
                    + "update's distance first; use aggregate(current, updates, source)");
        }
        return clipping(current, bounds.bound(updates), null, bounds.absoluteDistanceBound());
    }

    @Override
    public AggregationResult aggregate(GlobalModel current, List<UpdateInfo> updates, UpdateSource source) {
        Selections.checkInfos(updates);
        List<UpdateInfo> infos = bounds.bound(updates);
        double[] distances = null;
        double bound = bounds.absoluteDistanceBound();
        if (bounds.boundDependsOnDistances(updates.size())) {
            distances = new double[updates.size()];
            for (int k = 0; k < distances.length; k++) {
                float[] parameters = source.parameters(k, updates.get(k));
                Selections.checkLength(current, updates.get(k), parameters);
                distances[k] = distanceFrom(current, parameters);
            }
            bound = bounds.distanceBound(distances);
        }
        if (!usesRobustRule(updates.size())) {
            Accumulator accumulator = clipping(current, infos, distances, bound);
            for (int k = 0; k < updates.size(); k++) {
                accumulator.add(source.parameters(k, updates.get(k)));
            }
            return accumulator.result();
        }
        if (updates.size() > maxRobustUpdates) {
            throw new IllegalArgumentException("a version with the " + robust.name() + " rule holds every update at "
                    + "once and takes at most " + maxRobustUpdates + ", got " + updates.size());
        }
        List<LocalUpdate> bounded = new ArrayList<>(updates.size());
        for (int k = 0; k < updates.size(); k++) {
            float[] parameters = source.parameters(k, updates.get(k));
            Selections.checkLength(current, updates.get(k), parameters);
            double distance = distances != null ? distances[k] : distanceFrom(current, parameters);
            bounded.add(new LocalUpdate(infos.get(k), clipped(current, parameters, distance, bound)));
        }
        return robustly(current, bounded, strategy.aggregate(current, bounded), updateKind() == UpdateKind.DELTA);
    }

    private boolean usesRobustRule(int updates) {
        return !robust.isNone() && updates >= robust.minUpdates();
    }

    /**
     * The strategy's accumulator behind one that clips each update before handing it on: by its measured distance,
     * or (no {@code distances}) by the distance measured as it comes, when the bound is finite.
     */
    private Accumulator clipping(GlobalModel current, List<UpdateInfo> infos, double[] distances, double bound) {
        Accumulator inner = strategy.start(current, infos);
        return new Accumulator() {
            private int added;

            @Override
            public void add(float[] parameters) {
                if (added == infos.size()) {
                    throw new IllegalStateException("all " + infos.size() + " updates were added already");
                }
                Selections.checkLength(current, infos.get(added), parameters);
                double distance = distances != null ? distances[added]
                        : Double.isInfinite(bound) ? 0 : distanceFrom(current, parameters);
                inner.add(clipped(current, parameters, distance, bound));
                added++;
            }

            @Override
            public AggregationResult result() {
                return inner.result();
            }
        };
    }

    /** An update's distance from the global model, or a delta's norm. */
    private double distanceFrom(GlobalModel current, float[] parameters) {
        return updateKind() == UpdateKind.DELTA ? norm(parameters) : distance(parameters, current.parameters());
    }

    /** The parameters themselves within the bound, else a clipped copy. */
    private float[] clipped(GlobalModel current, float[] parameters, double distance, double bound) {
        if (!(distance > bound)) {
            return parameters;
        }
        return updateKind() == UpdateKind.DELTA ? scaled(parameters, bound / distance)
                : towards(current.parameters(), parameters, bound / distance);
    }

    /** The strategy's result with its weighted mean of the updates replaced by the robust rule's combination. */
    private AggregationResult robustly(GlobalModel current, List<LocalUpdate> updates, AggregationResult result,
            boolean delta) {
        List<Participant> participants = result.participants();
        double[] weights = new double[participants.size()];
        double share = 0;
        for (int k = 0; k < weights.length; k++) {
            weights[k] = participants.get(k).weight();
            share += weights[k];
        }
        if (!(share > 0) || !Double.isFinite(share)) {
            return result;
        }
        for (int k = 0; k < weights.length; k++) {
            weights[k] /= share;
        }
        RobustRule.Combination combined = robust.combine(
                updates.stream().map(LocalUpdate::parameters).toArray(float[][]::new), weights);
        float[] parameters = new float[current.parameters().length];
        WeightedSum.into(parameters, new float[][] {current.parameters(), combined.parameters()},
                new double[] {delta ? 1 : 1 - share, share});
        List<Participant> reweighted = new ArrayList<>(participants.size());
        for (int k = 0; k < weights.length; k++) {
            Participant p = participants.get(k);
            reweighted.add(new Participant(p.updateId(), p.workerId(), combined.weights()[k] * share, p.staleness()));
        }
        return new AggregationResult(result.version(), parameters, reweighted, result.avgQuality(), result.avgLoss(),
                result.totalSamples());
    }

    /** Euclidean norm, accumulated in double. */
    static double norm(float[] values) {
        double sum = 0;
        for (float value : values) {
            sum += (double) value * value;
        }
        return Math.sqrt(sum);
    }

    /** Euclidean distance, accumulated in double (finite for any finite floats). */
    static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    private static float[] scaled(float[] values, double factor) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) (values[i] * factor);
        }
        return out;
    }

    private static float[] towards(float[] global, float[] values, double factor) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) (global[i] + factor * ((double) values[i] - global[i]));
        }
        return out;
    }
}
