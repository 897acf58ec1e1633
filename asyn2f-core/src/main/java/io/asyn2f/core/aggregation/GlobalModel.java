package io.asyn2f.core.aggregation;

import java.util.Objects;

/** A version of the global model. */
public record GlobalModel(long version, float[] parameters) {

    public GlobalModel {
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0");
        }
        Objects.requireNonNull(parameters, "parameters");
    }
}
