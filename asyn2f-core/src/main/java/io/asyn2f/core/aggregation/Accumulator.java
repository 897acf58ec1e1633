package io.asyn2f.core.aggregation;

/**
 * A version being built from its updates' parameters, handed in one at a time ({@link Strategy#start}). The weights
 * were fixed from the updates' metadata when it was started, so each update's parameters are folded into a running
 * sum as they come and need not be kept: an accumulator holds a few model-sized arrays (the sum, for FedAvgM its
 * velocity), never one per update.
 */
public interface Accumulator {

    /**
     * Folds in the parameters of the next update, in the order of the list the accumulator was started with. The
     * array is neither modified nor kept: the caller may reuse or release it once this returns.
     *
     * @throws IllegalArgumentException if it has the wrong length
     * @throws IllegalStateException    if every update was added already
     */
    void add(float[] parameters);

    /**
     * The new version, once every update was added.
     *
     * @throws IllegalStateException if an update is still missing
     */
    AggregationResult result();
}
