package io.asyn2f.aggregator.update;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A refused update event, kept for operators (the message itself went to the dead-letter queue). */
@Entity
@Table(name = "update_rejection")
public class UpdateRejection {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "event_id", nullable = false)
    private String eventId;

    @Column(name = "update_id")
    private String updateId;

    @Column(name = "session_id")
    private String sessionId;

    @Column(name = "worker_id")
    private String workerId;

    @Column(nullable = false)
    private String reason;

    @Column(nullable = false, columnDefinition = "text")
    private String detail;

    @Column(name = "received_at", nullable = false)
    private Instant receivedAt;

    protected UpdateRejection() {
    }

    UpdateRejection(String eventId, String updateId, String sessionId, String workerId, String reason, String detail,
            Instant receivedAt) {
        this.eventId = eventId;
        this.updateId = updateId;
        this.sessionId = sessionId;
        this.workerId = workerId;
        this.reason = reason;
        this.detail = detail.length() > 2000 ? detail.substring(0, 2000) : detail;
        this.receivedAt = receivedAt;
    }

    public String eventId() {
        return eventId;
    }

    public String updateId() {
        return updateId;
    }

    public String workerId() {
        return workerId;
    }

    public String reason() {
        return reason;
    }

    public String detail() {
        return detail;
    }

    public Instant receivedAt() {
        return receivedAt;
    }
}
