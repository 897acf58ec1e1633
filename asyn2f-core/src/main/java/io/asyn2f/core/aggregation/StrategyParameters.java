package io.asyn2f.core.aggregation;

import java.util.Map;

/** A strategy's typed parameters, every default filled in and every bound checked ({@link StrategyDefinition}). */
public interface StrategyParameters {

    /** The strategy these parameters configure. */
    StrategyDefinition definition();

    /**
     * Every parameter as a JSON value (String, Integer, Double or a nested map), in order: what a normalised
     * configuration stores and shows next to {@code name}, and what {@link StrategyDefinition#parse} reads back.
     */
    Map<String, Object> values();

    /**
     * A new strategy object. A strategy may keep state between versions (FedAvgM's velocity), so each session builds
     * its own.
     */
    Strategy build();
}
