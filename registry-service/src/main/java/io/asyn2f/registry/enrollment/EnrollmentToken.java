package io.asyn2f.registry.enrollment;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.asyn2f.api.event.WorkerRole;

/**
 * An enrollment token: admits up to {@code maxWorkers} new workers to one session until it expires or is revoked.
 * Holds the hash of its secret, never the secret. Seats are taken by a conditional update
 * ({@link EnrollmentTokenRepository#takeSeat}), never through this entity.
 */
@Entity
@Table(name = "enrollment_token")
class EnrollmentToken {

    @Id
    @Column(name = "token_id")
    private String tokenId;

    @Column(name = "session_id")
    private String sessionId;

    @Column(name = "secret_hash")
    private String secretHash;

    @Column(name = "max_workers")
    private int maxWorkers;

    @Column(name = "used_seats", insertable = false, updatable = false)
    private int usedSeats;

    @Enumerated(EnumType.STRING)
    private WorkerRole role;

    @Column(name = "fixed_samples")
    private Long fixedSamples;

    private String label;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "revoke_reason")
    private String revokeReason;

    protected EnrollmentToken() {
    }

    EnrollmentToken(String tokenId, String sessionId, String secretHash, int maxWorkers, WorkerRole role,
            Long fixedSamples, String label, Instant createdAt, Instant expiresAt) {
        this.tokenId = tokenId;
        this.sessionId = sessionId;
        this.secretHash = secretHash;
        this.maxWorkers = maxWorkers;
        this.role = role;
        this.fixedSamples = fixedSamples;
        this.label = label;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    void revoke(String reason, Instant now) {
        this.revokedAt = now;
        this.revokeReason = reason;
    }

    String tokenId() {
        return tokenId;
    }

    String sessionId() {
        return sessionId;
    }

    String secretHash() {
        return secretHash;
    }

    int maxWorkers() {
        return maxWorkers;
    }

    WorkerRole role() {
        return role;
    }

    Long fixedSamples() {
        return fixedSamples;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    Instant revokedAt() {
        return revokedAt;
    }

    EnrollmentTokenView view(Instant now) {
        String status = revokedAt != null ? "REVOKED" : !expiresAt.isAfter(now) ? "EXPIRED"
                : usedSeats >= maxWorkers ? "FULL" : "ACTIVE";
        return new EnrollmentTokenView(tokenId, sessionId, label, role, fixedSamples, maxWorkers, usedSeats,
                Math.max(0, maxWorkers - usedSeats), status, createdAt, expiresAt, revokedAt, revokeReason);
    }
}
