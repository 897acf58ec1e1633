package io.asyn2f.core.merge;

import java.util.Objects;

/** A global model as a worker receives it: parameters plus the statistics published with the version. */
public record GlobalSnapshot(
        long version,
        float[] parameters,
        double avgQuality,
        double avgLoss,
        long totalSamples,
        double learningRate) {

    public GlobalSnapshot {
        Objects.requireNonNull(parameters, "parameters");
    }
}
