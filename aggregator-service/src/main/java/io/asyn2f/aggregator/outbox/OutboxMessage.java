package io.asyn2f.aggregator.outbox;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An event committed with the state change it announces, waiting to be (or already) published. */
@Entity
@Table(name = "outbox")
class OutboxMessage {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "event_id", nullable = false)
    private String eventId;

    @Column(name = "session_id", nullable = false)
    private String sessionId;

    @Column(nullable = false)
    private String type;

    @Column(nullable = false, columnDefinition = "text")
    private String body;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "sent_at")
    private Instant sentAt;

    protected OutboxMessage() {
    }

    OutboxMessage(String eventId, String sessionId, String type, String body, Instant createdAt) {
        this.eventId = eventId;
        this.sessionId = sessionId;
        this.type = type;
        this.body = body;
        this.createdAt = createdAt;
    }

    Long id() {
        return id;
    }

    String body() {
        return body;
    }

    void markSent(Instant when) {
        this.sentAt = when;
    }
}
