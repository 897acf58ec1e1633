package io.asyn2f.aggregator.version;

import java.io.Serializable;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** One update's share in a global version. */
@Entity
@Table(name = "version_participant")
public class VersionParticipant {

    @EmbeddedId
    private Key key;

    @Column(name = "worker_id", nullable = false)
    private String workerId;

    @Column(nullable = false)
    private double weight;

    @Column(nullable = false)
    private long staleness;

    protected VersionParticipant() {
    }

    public VersionParticipant(String sessionId, long version, String updateId, String workerId, double weight,
            long staleness) {
        this.key = new Key(sessionId, version, updateId);
        this.workerId = workerId;
        this.weight = weight;
        this.staleness = staleness;
    }

    public long version() {
        return key.version;
    }

    public String updateId() {
        return key.updateId;
    }

    public String workerId() {
        return workerId;
    }

    public double weight() {
        return weight;
    }

    public long staleness() {
        return staleness;
    }

    @Embeddable
    public static class Key implements Serializable {

        @Column(name = "session_id")
        private String sessionId;

        @Column(name = "version")
        private long version;

        @Column(name = "update_id")
        private String updateId;

        protected Key() {
        }

        Key(String sessionId, long version, String updateId) {
            this.sessionId = sessionId;
            this.version = version;
            this.updateId = updateId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && sessionId.equals(that.sessionId) && version == that.version
                    && updateId.equals(that.updateId);
        }

        @Override
        public int hashCode() {
            return (sessionId.hashCode() * 31 + Long.hashCode(version)) * 31 + updateId.hashCode();
        }
    }
}
