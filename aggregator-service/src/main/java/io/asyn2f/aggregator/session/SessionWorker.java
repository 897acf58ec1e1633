package io.asyn2f.aggregator.session;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import io.asyn2f.api.event.WorkerRole;

/** What the aggregator knows of a worker from the registry's events. */
@Entity
@Table(name = "worker")
public class SessionWorker {

    /** ACTIVE after worker.registered, LOST after worker.lost, REVOKED (final) after worker.revoked. */
    public enum State { ACTIVE, LOST, REVOKED }

    @EmbeddedId
    private Key key;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private WorkerRole role;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private State state;

    @Column(nullable = false)
    private long samples;

    @Column(nullable = false)
    private double quality;

    @Column(name = "changed_at", nullable = false)
    private Instant changedAt;

    protected SessionWorker() {
    }

    public SessionWorker(String sessionId, String workerId, WorkerRole role, long samples, double quality, Instant at) {
        this.key = new Key(sessionId, workerId);
        this.role = role;
        this.state = State.ACTIVE;
        this.samples = samples;
        this.quality = quality;
        this.changedAt = at;
    }

    public String workerId() {
        return key.workerId;
    }

    public WorkerRole role() {
        return role;
    }

    public State state() {
        return state;
    }

    /** Training samples the registry recorded for the worker (its worker.registered event). */
    public long samples() {
        return samples;
    }

    /** Data quality the registry recorded for the worker (its worker.registered event). */
    public double quality() {
        return quality;
    }

    public Instant changedAt() {
        return changedAt;
    }

    public void registered(WorkerRole role, long samples, double quality, Instant at) {
        if (state != State.REVOKED) {
            this.role = role;
            this.samples = samples;
            this.quality = quality;
            this.state = State.ACTIVE;
        }
        this.changedAt = at;
    }

    public void changeState(State next, Instant at) {
        if (state != State.REVOKED) {
            state = next;
        }
        changedAt = at;
    }

    @Embeddable
    public static class Key implements Serializable {

        @Column(name = "session_id")
        private String sessionId;

        @Column(name = "worker_id")
        private String workerId;

        protected Key() {
        }

        public Key(String sessionId, String workerId) {
            this.sessionId = sessionId;
            this.workerId = workerId;
        }

        public String sessionId() {
            return sessionId;
        }

        public String workerId() {
            return workerId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && sessionId.equals(that.sessionId) && workerId.equals(that.workerId);
        }

        @Override
        public int hashCode() {
            return sessionId.hashCode() * 31 + workerId.hashCode();
        }
    }
}
