package io.asyn2f.core.merge;

/**
 * The worker's own side of the merge.
 *
 * @param quality its data-quality score in [0, 1]
 * @param samples its number of training samples
 * @param loss    its current training loss
 */
public record LocalState(double quality, long samples, double loss) {
}
