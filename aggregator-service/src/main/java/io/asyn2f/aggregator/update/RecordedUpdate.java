package io.asyn2f.aggregator.update;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.asyn2f.api.event.LocalUpdateSubmitted;
import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.core.aggregation.UpdateInfo;

/** An accepted local update. Its id is the arrival sequence; its update id is unique (intake is idempotent). */
@Entity
@Table(name = "local_update")
public class RecordedUpdate {

    /** PENDING until a version uses it (USED) or a strategy drops it (DISCARDED) or it turns bad (REJECTED). */
    public enum Status { PENDING, USED, DISCARDED, REJECTED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "update_id", nullable = false)
    private String updateId;

    @Column(name = "event_id", nullable = false)
    private String eventId;

    @Column(name = "session_id", nullable = false)
    private String sessionId;

    @Column(name = "worker_id", nullable = false)
    private String workerId;

    @Column(name = "object_key", nullable = false)
    private String objectKey;

    @Column(nullable = false)
    private String sha256;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    @Column(name = "base_version", nullable = false)
    private long baseVersion;

    @Column(nullable = false)
    private long samples;

    @Column(nullable = false)
    private double quality;

    @Column(nullable = false)
    private double loss;

    @Column(nullable = false)
    private double accuracy;

    @Column(nullable = false)
    private int epoch;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private UpdateKind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Status status;

    @Column(name = "status_reason", columnDefinition = "text")
    private String statusReason;

    @Column(name = "consumed_in_version")
    private Long consumedInVersion;

    @Column(name = "submitted_at", nullable = false)
    private Instant submittedAt;

    @Column(name = "received_at", nullable = false)
    private Instant receivedAt;

    @Column(name = "object_deleted_at")
    private Instant objectDeletedAt;

    protected RecordedUpdate() {
    }

    /** {@code samples} and {@code quality} are the registry's values for the worker, never the sender's. */
    RecordedUpdate(String eventId, LocalUpdateSubmitted event, long samples, double quality, Instant submittedAt,
            Instant receivedAt) {
        this.updateId = event.updateId();
        this.eventId = eventId;
        this.sessionId = event.sessionId();
        this.workerId = event.workerId();
        this.objectKey = event.objectKey();
        this.sha256 = event.sha256();
        this.sizeBytes = event.sizeBytes();
        this.baseVersion = event.baseVersion();
        this.samples = samples;
        this.quality = quality;
        this.loss = event.loss();
        this.accuracy = event.accuracy();
        this.epoch = event.epoch();
        this.kind = event.kind();
        this.status = Status.PENDING;
        this.submittedAt = submittedAt;
        this.receivedAt = receivedAt;
    }

    /** What a strategy sees (samples and quality as the registry recorded them); the sequence is the arrival order. */
    public UpdateInfo info() {
        return new UpdateInfo(updateId, workerId, baseVersion, samples, quality, loss, id);
    }

    public Long id() {
        return id;
    }

    public String updateId() {
        return updateId;
    }

    public String eventId() {
        return eventId;
    }

    public String sessionId() {
        return sessionId;
    }

    public String workerId() {
        return workerId;
    }

    public String objectKey() {
        return objectKey;
    }

    public String sha256() {
        return sha256;
    }

    public Status status() {
        return status;
    }

    public String statusReason() {
        return statusReason;
    }

    public Long consumedInVersion() {
        return consumedInVersion;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    public long baseVersion() {
        return baseVersion;
    }

    public Instant submittedAt() {
        return submittedAt;
    }

    public long samples() {
        return samples;
    }

    public double quality() {
        return quality;
    }

    public double loss() {
        return loss;
    }

    public double accuracy() {
        return accuracy;
    }

    public int epoch() {
        return epoch;
    }

    public UpdateKind kind() {
        return kind;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    /** When retention deleted the object; null while it is (or may be) stored. */
    public Instant objectDeletedAt() {
        return objectDeletedAt;
    }

    /** Records that retention deleted the object; only a consumed update's object may go. */
    public void objectDeleted(Instant at) {
        if (status == Status.PENDING) {
            throw new IllegalStateException("update " + updateId + " is still pending");
        }
        if (objectDeletedAt == null) {
            objectDeletedAt = at;
        }
    }

    public void used(long version) {
        requirePending();
        status = Status.USED;
        consumedInVersion = version;
    }

    public void discarded(long currentVersion, String reason) {
        requirePending();
        status = Status.DISCARDED;
        consumedInVersion = currentVersion;
        statusReason = reason;
    }

    public void rejected(String reason) {
        requirePending();
        status = Status.REJECTED;
        statusReason = reason;
    }

    private void requirePending() {
        if (status != Status.PENDING) {
            throw new IllegalStateException("update " + updateId + " is already " + status);
        }
    }
}
