package io.asyn2f.core.aggregation;

import java.util.List;

import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.core.merge.ReplaceWithGlobal;
import io.asyn2f.core.merge.WorkerMerge;

/**
 * A server-side aggregation rule. The aggregator records updates as they arrive and, after each arrival (and when
 * the max-wait timer fires), asks {@link #select} whether a new version can be built; if so it streams the selected
 * updates' parameters into {@link #aggregate(GlobalModel, List, UpdateSource)}. Implementations are thread-safe and
 * pure, except for server state a strategy documents and keeps to itself (FedAvgM's velocity); each session builds its
 * own object from its {@link StrategyDefinition}.
 *
 * <p>A version is a weighted sum of its updates whose weights depend on their metadata alone, so {@link #start} fixes
 * them before any parameters are loaded and the parameters are then folded in one update at a time: memory stays at a
 * few model copies however many updates a version has. Only the robust rules need every update at once
 * ({@link BoundedStrategy}).
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
     * Starts building version {@code current.version() + 1} from the selected updates' metadata: the weights are fixed
     * here, the parameters follow through {@link Accumulator#add}, in the order of {@code updates}.
     *
     * @throws IllegalArgumentException if {@code updates} is empty (or, for FedAsync, not exactly one)
     */
    Accumulator start(GlobalModel current, List<UpdateInfo> updates);

    /**
     * Builds version {@code current.version() + 1}, asking {@code source} for one update's parameters at a time, in
     * the order of {@code updates}, and holding none of them once the next is asked for.
     *
     * @throws IllegalArgumentException if {@code updates} is empty or a parameter vector has the wrong length
     */
    default AggregationResult aggregate(GlobalModel current, List<UpdateInfo> updates, UpdateSource source) {
        Accumulator accumulator = start(current, updates);
        for (int k = 0; k < updates.size(); k++) {
            accumulator.add(source.parameters(k, updates.get(k)));
        }
        return accumulator.result();
    }

    /**
     * Builds version {@code current.version() + 1} from updates already in memory; the same as streaming them.
     *
     * @throws IllegalArgumentException if {@code updates} is empty or a parameter vector has the wrong length
     */
    default AggregationResult aggregate(GlobalModel current, List<LocalUpdate> updates) {
        Selections.checkUpdates(current, updates);
        return aggregate(current, updates.stream().map(LocalUpdate::info).toList(), UpdateSource.of(updates));
    }
}
