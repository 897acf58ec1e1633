package io.asyn2f.core.aggregation;

/**
 * One update's share in a new global version.
 *
 * @param weight    the coefficient its parameters were multiplied by
 * @param staleness how many versions behind it was, as the strategy defines it
 */
public record Participant(String updateId, String workerId, double weight, long staleness) {
}
