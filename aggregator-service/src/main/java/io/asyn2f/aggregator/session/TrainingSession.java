package io.asyn2f.aggregator.session;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.asyn2f.api.event.SessionStopped.StopReason;

/** A training session: its configuration, state and newest committed global version. */
@Entity
@Table(name = "session")
public class TrainingSession {

    @Id
    private String id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private SessionState state;

    @Enumerated(EnumType.STRING)
    @Column(name = "stop_reason")
    private StopReason stopReason;

    @Column(name = "stop_detail", columnDefinition = "text")
    private String stopDetail;

    @Column(nullable = false)
    private String architecture;

    @Column(nullable = false)
    private String strategy;

    @Column(name = "config", nullable = false, columnDefinition = "text")
    private String configJson;

    @Column(name = "current_version", nullable = false)
    private long currentVersion;

    @Column(name = "last_accuracy")
    private Double lastAccuracy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "last_version_at", nullable = false)
    private Instant lastVersionAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    protected TrainingSession() {
    }

    public TrainingSession(String id, String architecture, String strategy, String configJson, Instant createdAt) {
        this.id = id;
        this.state = SessionState.CREATED;
        this.architecture = architecture;
        this.strategy = strategy;
        this.configJson = configJson;
        this.currentVersion = 0;
        this.createdAt = createdAt;
        this.lastVersionAt = createdAt;
    }

    public String id() {
        return id;
    }

    public SessionState state() {
        return state;
    }

    public StopReason stopReason() {
        return stopReason;
    }

    public String stopDetail() {
        return stopDetail;
    }

    public String architecture() {
        return architecture;
    }

    public String strategy() {
        return strategy;
    }

    String configJson() {
        return configJson;
    }

    public long currentVersion() {
        return currentVersion;
    }

    public Double lastAccuracy() {
        return lastAccuracy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant lastVersionAt() {
        return lastVersionAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    public void announced() {
        if (state == SessionState.CREATED) {
            state = SessionState.WAITING_FOR_WORKERS;
        }
    }

    public void start(Instant now) {
        state = SessionState.RUNNING;
        startedAt = now;
        lastVersionAt = now; // the max-wait counts from the start, not from the creation of version 0
    }

    public void versionCommitted(long version, Instant now) {
        if (version != currentVersion + 1) {
            throw new IllegalStateException("version " + version + " does not follow " + currentVersion);
        }
        currentVersion = version;
        lastVersionAt = now;
    }

    public void accuracyReported(double accuracy) {
        lastAccuracy = accuracy;
    }

    public void stopping() {
        state = SessionState.STOPPING;
    }

    public void finish(StopReason reason, String detail, Instant now) {
        state = reason == StopReason.FAILED ? SessionState.FAILED : SessionState.FINISHED;
        stopReason = reason;
        stopDetail = detail;
        finishedAt = now;
    }
}
