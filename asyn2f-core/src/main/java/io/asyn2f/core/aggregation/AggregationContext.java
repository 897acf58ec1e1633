package io.asyn2f.core.aggregation;

import java.util.Objects;
import java.util.Set;

/**
 * What the aggregator tells a strategy when it asks whether to aggregate.
 *
 * @param currentVersion  the newest committed global version
 * @param activeTrainers  ids of the trainers the registry currently considers alive
 * @param maxWaitElapsed  true once the session's max-wait has passed since the last version: a strategy then
 *                        aggregates whatever usable updates it has instead of waiting for its full quota
 */
public record AggregationContext(long currentVersion, Set<String> activeTrainers, boolean maxWaitElapsed) {

    public AggregationContext {
        if (currentVersion < 0) {
            throw new IllegalArgumentException("currentVersion must be >= 0");
        }
        activeTrainers = Set.copyOf(Objects.requireNonNull(activeTrainers, "activeTrainers"));
    }
}
