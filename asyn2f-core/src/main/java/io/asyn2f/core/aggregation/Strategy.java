package io.asyn2f.core.aggregation;

import java.util.List;

import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.core.merge.ReplaceWithGlobal;
import io.asyn2f.core.merge.WorkerMerge;

/**
 * A server-side aggregation rule. The aggregator records updates as they arrive and, after each arrival (and when
 * the max-wait timer fires), asks {@link #select} whether a new version can be built; if so it loads the selected
 * updates' parameters and calls {@link #aggregate}. Implementations are thread-safe and pure, except for server
 * state a strategy documents and keeps to itself (FedAvgM's velocity); each session builds its own object from its
 * {@link StrategyDefinition}.
 */
public interface Strategy {

    /** Stable name used in session configuration and metrics, e.g. {@code asyn2f}. */
    String name();

    /** Whether workers send full models or deltas; full models unless the strategy says otherwise. */
    default UpdateKind updateKind() {
        return UpdateKind.MODEL;
    }

    /**
     * What a worker does with a newer global model in the middle of training; the baselines' workers adopt it
     * ({@link ReplaceWithGlobal}), ASYN2F's merge it.
     */
    default WorkerMerge workerMerge() {
        return ReplaceWithGlobal.INSTANCE;
    }

    /**
     * Decides from metadata alone whether to aggregate now and which pending updates to use.
     *
     * @param pending every recorded, not yet consumed update of the session
     */
    Selection select(List<UpdateInfo> pending, AggregationContext context);

    /**
     * Builds version {@code current.version() + 1} from the current global model and the selected updates.
     *
     * @throws IllegalArgumentException if {@code updates} is empty or a parameter vector has the wrong length
     */
    AggregationResult aggregate(GlobalModel current, List<LocalUpdate> updates);
}
