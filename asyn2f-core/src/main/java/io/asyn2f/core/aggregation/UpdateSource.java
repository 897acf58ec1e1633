package io.asyn2f.core.aggregation;

import java.util.List;

/**
 * Where a streamed aggregation ({@link Strategy#aggregate(GlobalModel, List, UpdateSource)}) gets each update's
 * parameters: asked for one update at a time, and for the next only once it is done with the previous one. The
 * aggregator loads them from memory or the store; an implementation may throw to abandon the aggregation (an update
 * that changed or went missing in the store), and the exception reaches the caller unchanged.
 */
@FunctionalInterface
public interface UpdateSource {

    /**
     * The parameters of {@code update}, the {@code index}-th of the version's updates. Asked once per pass; a strategy
     * that needs a measuring pass first ({@link BoundedStrategy} with relative clipping) asks twice.
     */
    float[] parameters(int index, UpdateInfo update);

    /** The parameters of updates already in memory. */
    static UpdateSource of(List<LocalUpdate> updates) {
        return (index, update) -> updates.get(index).parameters();
    }
}
