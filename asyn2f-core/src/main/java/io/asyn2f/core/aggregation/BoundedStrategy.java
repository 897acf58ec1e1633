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
 * <p>With a {@link RobustRule} the version keeps the strategy's form, {@code (1 - S) G + S * mean} for models and
 * {@code G + S * mean} for deltas, with the strategy's weights {@code w_k} (its participants' weights) and
 * {@code S = sum w_k}, but the weighted mean of the clipped updates is replaced by the rule's combination under the
 * weights {@code w_k / S}. A version of fewer updates than the rule needs is the strategy's own result.
 */
public final class BoundedStrategy implements Strategy {

    private final Strategy strategy;
    private final InfluenceBounds bounds;
    private final RobustRule robust;

    public BoundedStrategy(Strategy strategy, InfluenceBounds bounds, RobustRule robust) {
        this.strategy = strategy;
        this.bounds = bounds;
        this.robust = robust;
    }

    public BoundedStrategy(Strategy strategy, InfluenceBounds bounds) {
        this(strategy, bounds, RobustRule.none());
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

    @Override
    public Selection select(List<UpdateInfo> pending, AggregationContext context) {
        return strategy.select(pending.stream().map(bounds::bound).toList(), context);
    }

    @Override
    public AggregationResult aggregate(GlobalModel current, List<LocalUpdate> updates) {
        Selections.checkUpdates(current, updates);
        List<UpdateInfo> infos = bounds.bound(updates.stream().map(LocalUpdate::info).toList());
        boolean delta = strategy.updateKind() == UpdateKind.DELTA;
        double[] distances = new double[updates.size()];
        for (int k = 0; k < distances.length; k++) {
            distances[k] = delta ? norm(updates.get(k).parameters())
                    : distance(updates.get(k).parameters(), current.parameters());
        }
        double bound = bounds.distanceBound(distances);
        List<LocalUpdate> bounded = new ArrayList<>(updates.size());
        for (int k = 0; k < distances.length; k++) {
            float[] parameters = updates.get(k).parameters();
            if (distances[k] > bound) {
                parameters = delta ? scaled(parameters, bound / distances[k])
                        : towards(current.parameters(), parameters, bound / distances[k]);
            }
            bounded.add(new LocalUpdate(infos.get(k), parameters));
        }
        AggregationResult result = strategy.aggregate(current, bounded);
        if (robust.isNone() || bounded.size() < robust.minUpdates()) {
            return result;
        }
        return robustly(current, bounded, result, delta);
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
