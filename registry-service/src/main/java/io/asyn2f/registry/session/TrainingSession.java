package io.asyn2f.registry.session;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A session as the registry knows it from events. A stopped session never reopens. */
@Entity
@Table(name = "training_session")
class TrainingSession {

    @Id
    @Column(name = "session_id")
    private String sessionId;

    @Enumerated(EnumType.STRING)
    private SessionStatus status;

    private String strategy;

    @Column(name = "model_architecture")
    private String modelArchitecture;

    @Column(name = "upload_limit_bytes")
    private long uploadLimitBytes;

    @Column(name = "training_config")
    private String trainingConfig;

    @Column(name = "opened_at")
    private Instant openedAt;

    @Column(name = "stopped_at")
    private Instant stoppedAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    protected TrainingSession() {
    }

    TrainingSession(String sessionId, Instant now) {
        this.sessionId = sessionId;
        this.status = SessionStatus.CLOSED;
        this.trainingConfig = "{}";
        this.updatedAt = now;
    }

    void open(String strategy, String modelArchitecture, long uploadLimitBytes, String trainingConfig, Instant now) {
        this.strategy = strategy;
        this.modelArchitecture = modelArchitecture;
        this.uploadLimitBytes = uploadLimitBytes;
        this.trainingConfig = trainingConfig;
        this.openedAt = now;
        this.updatedAt = now;
        if (stoppedAt == null) {
            this.status = SessionStatus.OPEN;
        }
    }

    void stop(Instant now) {
        this.status = SessionStatus.CLOSED;
        this.stoppedAt = now;
        this.updatedAt = now;
    }

    String sessionId() {
        return sessionId;
    }

    SessionStatus status() {
        return status;
    }

    long uploadLimitBytes() {
        return uploadLimitBytes;
    }

    String trainingConfig() {
        return trainingConfig;
    }

    /** When it stopped; for a session closed before it was opened, when that was learned. */
    Instant stoppedAt() {
        return stoppedAt != null ? stoppedAt : updatedAt;
    }

    Instant openedAt() {
        return openedAt;
    }
}
