package io.asyn2f.registry.worker;

import java.time.Instant;

/** A revoked worker, for services that cache token validity (storage-gateway). */
public record Revocation(String workerId, String sessionId, Instant revokedAt) {
}
