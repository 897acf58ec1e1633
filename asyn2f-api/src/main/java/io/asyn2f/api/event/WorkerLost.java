package io.asyn2f.api.event;

import java.time.Instant;
import java.util.Objects;

/** A worker stopped sending heartbeats for longer than the configured time. Published by the registry. */
public record WorkerLost(String sessionId, String workerId, Instant lastHeartbeat) implements FlEvent {

    public static final String TYPE = "worker.lost";

    public WorkerLost {
        Ids.requireSafeId(sessionId, "sessionId");
        Ids.requireSafeId(workerId, "workerId");
        Objects.requireNonNull(lastHeartbeat, "lastHeartbeat is required");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
