package io.asyn2f.core.aggregation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strategy's parameters, every default filled in and every bound checked ({@link StrategyDefinition#parse}).
 *
 * @param definition the strategy these parameters configure
 * @param values     every parameter as a JSON value (String, Integer, Double or a nested map), in order: what a
 *                   normalised configuration stores and shows next to {@code name}, and what
 *                   {@link StrategyDefinition#parse} reads back
 */
public record StrategyParameters(StrategyDefinition definition, Map<String, Object> values) {

    public StrategyParameters {
        values = frozen(values);
    }

    /** An unmodifiable copy in the same order, nested objects too. */
    private static Map<String, Object> frozen(Map<String, Object> values) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((key, value) -> copy.put(key, value instanceof Map<?, ?> nested ? frozen(stringKeys(nested))
                : value));
        return Collections.unmodifiableMap(copy);
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), value));
        return copy;
    }

    /**
     * A new strategy object. A strategy may keep state between versions (FedAvgM's velocity), so each session builds
     * its own.
     */
    public Strategy build() {
        return definition.build(values);
    }
}
