package io.asyn2f.registry.enrollment;

import java.time.Instant;

import io.asyn2f.api.event.WorkerRole;

/**
 * An enrollment token as the admin API lists it: never its secret.
 *
 * @param role         the only role it admits; null: trainers and testers
 * @param fixedSamples the sample count every worker it admits is recorded with; null: what the worker reports
 * @param usedSeats    registrations it admitted (a revoked worker's seat stays used)
 * @param status       ACTIVE, FULL, EXPIRED or REVOKED
 */
public record EnrollmentTokenView(
        String tokenId,
        String sessionId,
        String label,
        WorkerRole role,
        Long fixedSamples,
        int maxWorkers,
        int usedSeats,
        int remainingSeats,
        String status,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt,
        String revokeReason) {
}
