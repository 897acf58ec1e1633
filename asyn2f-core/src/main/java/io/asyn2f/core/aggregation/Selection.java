package io.asyn2f.core.aggregation;

import java.util.List;

/**
 * A strategy's answer to "aggregate now?".
 *
 * @param aggregate the updates that form the next version, in the order given to {@link Strategy#aggregate};
 *                  empty when the strategy is not ready
 * @param discard   pending updates that will never be used (superseded by a newer update of the same worker, or
 *                  from a finished round); the aggregator marks them consumed without aggregating them
 */
public record Selection(List<UpdateInfo> aggregate, List<UpdateInfo> discard) {

    public Selection {
        aggregate = List.copyOf(aggregate);
        discard = List.copyOf(discard);
    }

    public static Selection notReady() {
        return new Selection(List.of(), List.of());
    }

    public static Selection notReady(List<UpdateInfo> discard) {
        return new Selection(List.of(), discard);
    }

    public boolean ready() {
        return !aggregate.isEmpty();
    }
}
