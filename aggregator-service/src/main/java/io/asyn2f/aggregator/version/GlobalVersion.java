package io.asyn2f.aggregator.version;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * A committed global version; its blob was written to the object store before this row. The row outlives the blob:
 * retention deletes the blobs of old unpinned versions and records when in {@code blobDeletedAt}.
 */
@Entity
@Table(name = "global_version")
public class GlobalVersion {

    @EmbeddedId
    private Key key;

    @Column(name = "object_key", nullable = false)
    private String objectKey;

    @Column(nullable = false)
    private String sha256;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    @Column(name = "avg_quality", nullable = false)
    private double avgQuality;

    @Column(name = "avg_loss", nullable = false)
    private double avgLoss;

    @Column(name = "total_samples", nullable = false)
    private long totalSamples;

    @Column(name = "learning_rate", nullable = false)
    private double learningRate;

    @Column(name = "schedule_step", nullable = false)
    private long scheduleStep;

    @Column
    private Double accuracy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private boolean pinned;

    @Column(name = "blob_deleted_at")
    private Instant blobDeletedAt;

    @Column(name = "fencing_token")
    private Long fencingToken;

    protected GlobalVersion() {
    }

    public GlobalVersion(String sessionId, long version, String objectKey, String sha256, long sizeBytes,
            double avgQuality, double avgLoss, long totalSamples, double learningRate, long scheduleStep,
            Instant createdAt) {
        this.key = new Key(sessionId, version);
        this.objectKey = objectKey;
        this.sha256 = sha256;
        this.sizeBytes = sizeBytes;
        this.avgQuality = avgQuality;
        this.avgLoss = avgLoss;
        this.totalSamples = totalSamples;
        this.learningRate = learningRate;
        this.scheduleStep = scheduleStep;
        this.createdAt = createdAt;
    }

    public String sessionId() {
        return key.sessionId;
    }

    public long version() {
        return key.version;
    }

    public String objectKey() {
        return objectKey;
    }

    public String sha256() {
        return sha256;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public double avgQuality() {
        return avgQuality;
    }

    public double avgLoss() {
        return avgLoss;
    }

    public long totalSamples() {
        return totalSamples;
    }

    public double learningRate() {
        return learningRate;
    }

    /** Records the session lease's token this version was committed under. */
    public GlobalVersion committedUnder(long token) {
        this.fencingToken = token;
        return this;
    }

    /** The session lease's token this version was committed under; null for version 0 and older versions. */
    public Long fencingToken() {
        return fencingToken;
    }

    /** The learning-rate schedule's step this version was published at ({@code ScheduleProgress}). */
    public long scheduleStep() {
        return scheduleStep;
    }

    public Double accuracy() {
        return accuracy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public boolean pinned() {
        return pinned;
    }

    /** When retention deleted the blob; null while it is stored. */
    public Instant blobDeletedAt() {
        return blobDeletedAt;
    }

    public boolean blobStored() {
        return blobDeletedAt == null;
    }

    public void evaluated(double accuracy) {
        this.accuracy = accuracy;
    }

    /** Keeps the blob regardless of retention; only a version whose blob is still stored can be pinned. */
    public void pin() {
        if (!blobStored()) {
            throw new IllegalStateException("the blob of version " + version() + " was deleted at " + blobDeletedAt);
        }
        pinned = true;
    }

    public void unpin() {
        pinned = false;
    }

    /** Records that the blob was deleted from the store (called only after the delete succeeded). */
    public void blobDeleted(Instant at) {
        if (pinned) {
            throw new IllegalStateException("version " + version() + " is pinned");
        }
        if (blobDeletedAt == null) {
            blobDeletedAt = at;
        }
    }

    @Embeddable
    public static class Key implements Serializable {

        @Column(name = "session_id")
        private String sessionId;

        @Column(name = "version")
        private long version;

        protected Key() {
        }

        public Key(String sessionId, long version) {
            this.sessionId = sessionId;
            this.version = version;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && sessionId.equals(that.sessionId) && version == that.version;
        }

        @Override
        public int hashCode() {
            return sessionId.hashCode() * 31 + Long.hashCode(version);
        }
    }
}
