package io.asyn2f.registry.worker;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.asyn2f.api.event.WorkerRole;
import io.asyn2f.api.registry.SystemInfo;

/** A registered worker. Holds the hash of its current refresh credential, never the credential. */
@Entity
@Table(name = "worker")
class Worker {

    @Id
    @Column(name = "worker_id")
    private String workerId;

    @Column(name = "session_id")
    private String sessionId;

    @Enumerated(EnumType.STRING)
    private WorkerRole role;

    private long samples;

    private double quality;

    @Column(name = "cpu_cores")
    private Integer cpuCores;

    @Column(name = "memory_bytes")
    private Long memoryBytes;

    private String gpu;

    private String backend;

    @Enumerated(EnumType.STRING)
    private WorkerState state;

    @Column(name = "refresh_token_hash")
    private String refreshTokenHash;

    @Column(name = "refresh_expires_at")
    private Instant refreshExpiresAt;

    @Column(name = "registered_at")
    private Instant registeredAt;

    @Column(name = "last_heartbeat")
    private Instant lastHeartbeat;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "revoke_reason")
    private String revokeReason;

    @Column(name = "enrollment_token_id")
    private String enrollmentTokenId;

    @Version
    private long version;

    protected Worker() {
    }

    Worker(String workerId, String sessionId, Instant now, String enrollmentTokenId) {
        this.workerId = workerId;
        this.enrollmentTokenId = enrollmentTokenId;
        this.sessionId = sessionId;
        this.registeredAt = now;
        this.state = WorkerState.ACTIVE;
        this.lastHeartbeat = now;
    }

    void describe(WorkerRole role, long samples, double quality, SystemInfo system) {
        this.role = role;
        this.samples = samples;
        this.quality = quality;
        this.cpuCores = system == null ? null : system.cpuCores();
        this.memoryBytes = system == null ? null : system.memoryBytes();
        this.gpu = system == null ? null : system.gpu();
        this.backend = system == null ? null : system.backend();
    }

    void rotateRefreshCredential(String hash, Instant expiresAt) {
        this.refreshTokenHash = hash;
        this.refreshExpiresAt = expiresAt;
    }

    /** Marks the worker alive; returns true if it was LOST and so came back. */
    boolean heartbeat(Instant now) {
        boolean cameBack = state == WorkerState.LOST;
        this.state = WorkerState.ACTIVE;
        this.lastHeartbeat = now;
        return cameBack;
    }

    void revoke(String reason, Instant now) {
        this.state = WorkerState.REVOKED;
        this.revokedAt = now;
        this.revokeReason = reason;
    }

    String workerId() {
        return workerId;
    }

    String sessionId() {
        return sessionId;
    }

    WorkerRole role() {
        return role;
    }

    long samples() {
        return samples;
    }

    double quality() {
        return quality;
    }

    String backend() {
        return backend;
    }

    WorkerState state() {
        return state;
    }

    /** The enrollment token that admitted it; null: the shared development secret. */
    String enrollmentTokenId() {
        return enrollmentTokenId;
    }

    String refreshTokenHash() {
        return refreshTokenHash;
    }

    Instant refreshExpiresAt() {
        return refreshExpiresAt;
    }

    Instant lastHeartbeat() {
        return lastHeartbeat;
    }

    Instant revokedAt() {
        return revokedAt;
    }

    WorkerView view() {
        return new WorkerView(workerId, sessionId, role, samples, quality,
                new SystemInfo(cpuCores, memoryBytes, gpu, backend), state, registeredAt, lastHeartbeat, revokedAt,
                revokeReason);
    }
}
