package io.asyn2f.core.aggregation;

import java.util.List;
import java.util.Objects;

import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.core.merge.ReplaceWithGlobal;
import io.asyn2f.core.merge.WorkerMerge;

/**
 * FedAsync (Xie et al. 2019): every update is applied as soon as it arrives,
 * {@code W(v+1) = (1 - a_t) W(v) + a_t W_k} with {@code a_t = a * s(v - v_k)}.
 */
public final class FedAsyncStrategy implements Strategy {

    public static final double DEFAULT_MIXING = 0.6;

    private final double mixing;
    private final StalenessFunction stalenessFunction;

    /**
     * @param mixing            a, the mixing weight of a fresh update, in (0, 1]
     * @param stalenessFunction how a stale update's weight decays
     */
    public FedAsyncStrategy(double mixing, StalenessFunction stalenessFunction) {
        if (!(mixing > 0 && mixing <= 1)) {
            throw new IllegalArgumentException("mixing must be in (0, 1], was " + mixing);
        }
        this.mixing = mixing;
        this.stalenessFunction = Objects.requireNonNull(stalenessFunction, "stalenessFunction");
    }

    @Override
    public String name() {
        return "fedasync";
    }

    @Override
    public UpdateKind updateKind() {
        return UpdateKind.MODEL;
    }

    @Override
    public WorkerMerge workerMerge() {
        return ReplaceWithGlobal.INSTANCE;
    }

    @Override
    public Selection select(List<UpdateInfo> pending, AggregationContext context) {
        return Selections.firstArrived(pending, 1);
    }

    /** Applies exactly one update. */
    @Override
    public AggregationResult aggregate(GlobalModel current, List<LocalUpdate> updates) {
        Selections.checkUpdates(current, updates);
        if (updates.size() != 1) {
            throw new IllegalArgumentException("FedAsync applies one update at a time, got " + updates.size());
        }
        UpdateInfo info = updates.get(0).info();
        long staleness = Staleness.sinceBase(current.version(), info);
        double alpha = mixing * stalenessFunction.weight(staleness);
        float[] parameters = new float[current.parameters().length];
        WeightedSum.into(parameters, Selections.inputs(current, updates, true), new double[] {1 - alpha, alpha});
        return AggregationResult.of(current.version() + 1, parameters, updates, new double[] {alpha},
                new long[] {staleness});
    }
}
