package io.asyn2f.core.aggregation;

import java.util.Objects;

/** A pending update with its parameters (a full model or, for FedBuff, a delta). */
public record LocalUpdate(UpdateInfo info, float[] parameters) {

    public LocalUpdate {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(parameters, "parameters");
    }
}
