package io.asyn2f.aggregator.aggregation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.EntityManager;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.asyn2f.aggregator.lifecycle.SessionLifecycle;
import io.asyn2f.aggregator.outbox.Outbox;
import io.asyn2f.aggregator.session.SessionConfig;
import io.asyn2f.aggregator.session.SessionState;
import io.asyn2f.aggregator.session.TrainingSession;
import io.asyn2f.aggregator.session.TrainingSessionRepository;
import io.asyn2f.aggregator.update.RecordedUpdate;
import io.asyn2f.aggregator.update.RecordedUpdateRepository;
import io.asyn2f.aggregator.version.GlobalVersion;
import io.asyn2f.aggregator.version.VersionParticipant;
import io.asyn2f.api.event.GlobalModelPublished;
import io.asyn2f.api.event.SessionStopped.StopReason;
import io.asyn2f.api.model.BlobSummary;
import io.asyn2f.core.aggregation.AggregationResult;
import io.asyn2f.core.aggregation.Participant;

/** The transactional half of an aggregation: one commit holds everything a new version changes. */
@Component
class VersionCommitter {

    private final TrainingSessionRepository sessions;
    private final EntityManager entities;
    private final RecordedUpdateRepository updates;
    private final Outbox outbox;
    private final SessionLifecycle lifecycle;
    private final SessionLeases leases;

    VersionCommitter(TrainingSessionRepository sessions, EntityManager entities, RecordedUpdateRepository updates,
            Outbox outbox, SessionLifecycle lifecycle, SessionLeases leases) {
        this.sessions = sessions;
        this.entities = entities;
        this.updates = updates;
        this.outbox = outbox;
        this.lifecycle = lifecycle;
        this.leases = leases;
    }

    /** What a commit did. */
    enum Outcome {
        COMMITTED,
        /** Nothing changed: the session was stopped or moved on, or an update it needs was consumed meanwhile. */
        SESSION_MOVED,
        /** Nothing changed: another instance holds the session's lease now (and may have written the same key). */
        LEASE_LOST
    }

    /**
     * Under the session's lease row lock and its row lock (one that lets update intake go on, unless this version ends
     * the session): if {@code lease} still holds the session and the session
     * is still RUNNING at {@code expectedCurrent}, stores the version, its participants, marks the used and discarded
     * updates consumed, queues global.published (and session.stopped if the maximum version is reached) in the
     * outbox. Otherwise changes nothing and says why.
     */
    @Transactional
    Outcome commit(SessionLeases.Lease lease, long expectedCurrent, AggregationResult result, String objectKey,
            BlobSummary blob, long scheduleStep, double learningRate, List<String> discardIds,
            SessionConfig.Stop stop) {
        String sessionId = lease.sessionId();
        // The lease row first, always in this order: a take-over waits for this commit, or this commit sees it.
        if (!leases.holdsLocked(lease)) {
            return Outcome.LEASE_LOST;
        }
        // A version that ends the session excludes intakes (a stop must see every pending update); any other lets
        // them go on, since the row's key, all an intake reads it for besides the state, does not change.
        boolean finishes = stop.maxVersion() != null && result.version() >= stop.maxVersion();
        TrainingSession session = (finishes ? sessions.findForUpdate(sessionId)
                : sessions.findForNoKeyUpdate(sessionId)).orElseThrow();
        if (session.state() != SessionState.RUNNING || session.currentVersion() != expectedCurrent
                || result.version() != expectedCurrent + 1) {
            return Outcome.SESSION_MOVED;
        }
        List<String> usedIds = result.participants().stream().map(Participant::updateId).toList();
        List<RecordedUpdate> used = updates.findByUpdateIdIn(usedIds);
        List<RecordedUpdate> discarded = discardIds.isEmpty() ? List.of() : updates.findByUpdateIdIn(discardIds);
        if (used.size() != usedIds.size()
                || used.stream().anyMatch(u -> u.status() != RecordedUpdate.Status.PENDING)) {
            return Outcome.SESSION_MOVED;
        }
        Instant now = Instant.now();
        // Persisted, not saved: the rows are new, and save() of an entity with an assigned key would first look
        // each one up (a round trip per participant, under the session's lock).
        entities.persist(new GlobalVersion(sessionId, result.version(), objectKey, blob.sha256Hex(), blob.sizeBytes(),
                result.avgQuality(), result.avgLoss(), result.totalSamples(), learningRate, scheduleStep, now)
                .committedUnder(lease.token()));
        List<VersionParticipant> rows = new ArrayList<>();
        List<String> workerIds = new ArrayList<>();
        for (Participant p : result.participants()) {
            rows.add(new VersionParticipant(sessionId, result.version(), p.updateId(), p.workerId(), p.weight(),
                    p.staleness()));
            workerIds.add(p.workerId());
        }
        rows.forEach(entities::persist);
        used.forEach(u -> u.used(result.version()));
        discarded.stream().filter(u -> u.status() == RecordedUpdate.Status.PENDING)
                .forEach(u -> u.discarded(expectedCurrent, "superseded or from an earlier round"));
        session.versionCommitted(result.version(), now);
        outbox.append(new GlobalModelPublished(sessionId, result.version(), objectKey, blob.sha256Hex(),
                blob.sizeBytes(), workerIds, result.avgQuality(), result.avgLoss(), result.totalSamples(),
                learningRate));
        if (finishes) {
            lifecycle.finishLocked(session, StopReason.MAX_VERSION,
                    "reached the maximum version " + stop.maxVersion());
        }
        return Outcome.COMMITTED;
    }

    /** Marks updates the strategy will never use as consumed. */
    @Transactional
    void discard(String sessionId, long currentVersion, List<String> updateIds) {
        discard(sessionId, currentVersion, updateIds, "superseded or from an earlier round");
    }

    /** Marks updates consumed without using them, with the reason. */
    @Transactional
    void discard(String sessionId, long currentVersion, List<String> updateIds, String reason) {
        sessions.findForNoKeyUpdate(sessionId).orElseThrow();
        updates.findByUpdateIdIn(updateIds).stream().filter(u -> u.status() == RecordedUpdate.Status.PENDING)
                .forEach(u -> u.discarded(currentVersion, reason));
    }

    /** Takes an update that turned bad in the store out of the pending set. */
    @Transactional
    void reject(String updateId, String reason) {
        updates.findByUpdateId(updateId).filter(u -> u.status() == RecordedUpdate.Status.PENDING)
                .ifPresent(u -> u.rejected(reason));
    }
}
