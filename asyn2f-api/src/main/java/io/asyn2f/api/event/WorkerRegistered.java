package io.asyn2f.api.event;

import java.util.Objects;

/** A worker joined a session (or came back with its identity). Published by the registry. */
public record WorkerRegistered(
        String sessionId,
        String workerId,
        WorkerRole role,
        long samples,
        double quality,
        String backend,
        boolean reconnect) implements FlEvent {

    public static final String TYPE = "worker.registered";

    public WorkerRegistered {
        Ids.requireSafeId(sessionId, "sessionId");
        Ids.requireSafeId(workerId, "workerId");
        Objects.requireNonNull(role, "role is required");
        Ids.requireNonNegative(samples, "samples");
        Ids.requireUnitInterval(quality, "quality");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
