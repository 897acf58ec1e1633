package io.asyn2f.core.aggregation;

import java.util.Objects;

/**
 * What a strategy knows about a pending local update before its parameters are loaded.
 *
 * @param sequence    arrival order at the aggregator (strictly increasing); FIFO strategies take the lowest first
 * @param baseVersion the global version the worker trained from
 */
public record UpdateInfo(
        String updateId,
        String workerId,
        long baseVersion,
        long samples,
        double quality,
        double loss,
        long sequence) {

    public UpdateInfo {
        Objects.requireNonNull(updateId, "updateId");
        Objects.requireNonNull(workerId, "workerId");
        if (baseVersion < 0 || samples < 0) {
            throw new IllegalArgumentException("baseVersion and samples must be >= 0");
        }
        if (!(quality >= 0 && quality <= 1)) {
            throw new IllegalArgumentException("quality must be in [0, 1], was " + quality);
        }
        if (!(loss >= 0) || !Double.isFinite(loss)) {
            throw new IllegalArgumentException("loss must be finite and >= 0, was " + loss);
        }
    }
}
