package io.asyn2f.registry.worker;

import java.time.Instant;

import io.asyn2f.api.event.WorkerRole;
import io.asyn2f.api.registry.SystemInfo;

/** A worker as the admin API shows it (no credential material). */
public record WorkerView(
        String workerId,
        String sessionId,
        WorkerRole role,
        long samples,
        double quality,
        SystemInfo system,
        WorkerState state,
        Instant registeredAt,
        Instant lastHeartbeat,
        Instant revokedAt,
        String revokeReason) {
}
