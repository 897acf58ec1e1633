package io.asyn2f.aggregator.evaluation;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.asyn2f.api.event.EvaluationReported;

/** A tester's result for one global version. */
@Entity
@Table(name = "evaluation")
class Evaluation {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "event_id", nullable = false)
    private String eventId;

    @Column(name = "session_id", nullable = false)
    private String sessionId;

    @Column(nullable = false)
    private long version;

    @Column(name = "worker_id", nullable = false)
    private String workerId;

    @Column(nullable = false)
    private double accuracy;

    @Column(nullable = false)
    private double loss;

    @Column(nullable = false)
    private long samples;

    @Column(name = "reported_at", nullable = false)
    private Instant reportedAt;

    protected Evaluation() {
    }

    Evaluation(String eventId, EvaluationReported event, Instant reportedAt) {
        this.eventId = eventId;
        this.sessionId = event.sessionId();
        this.version = event.version();
        this.workerId = event.workerId();
        this.accuracy = event.accuracy();
        this.loss = event.loss();
        this.samples = event.samples();
        this.reportedAt = reportedAt;
    }

    void replace(String eventId, EvaluationReported event, Instant reportedAt) {
        this.eventId = eventId;
        this.accuracy = event.accuracy();
        this.loss = event.loss();
        this.samples = event.samples();
        this.reportedAt = reportedAt;
    }
}
