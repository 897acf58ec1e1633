package io.asyn2f.registry.worker;

import java.time.Instant;

/** The worker's state after its heartbeat. */
public record HeartbeatResponse(String workerId, WorkerState state, Instant lastHeartbeat) {
}
