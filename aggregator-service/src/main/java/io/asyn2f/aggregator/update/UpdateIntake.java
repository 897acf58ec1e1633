package io.asyn2f.aggregator.update;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

import io.asyn2f.aggregator.metrics.AggregatorMetrics;
import io.asyn2f.aggregator.security.TokenRejectedException;
import io.asyn2f.aggregator.security.WorkerTokenVerifier;
import io.asyn2f.aggregator.session.AggregationTrigger;
import io.asyn2f.aggregator.session.SessionConfigs;
import io.asyn2f.aggregator.session.SessionRuntime;
import io.asyn2f.aggregator.session.SessionState;
import io.asyn2f.aggregator.session.SessionWorker;
import io.asyn2f.aggregator.session.TrainingSessionRepository;
import io.asyn2f.aggregator.storage.ModelStore;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.LocalUpdateSubmitted;
import io.asyn2f.api.event.RejectionReason;
import io.asyn2f.api.model.ModelFormatException;
import io.asyn2f.api.security.TokenClaims;
import io.asyn2f.api.storage.ObjectKeys;
import io.asyn2f.messaging.RejectedEventException;

/**
 * Checks an announced update and records it as pending (or, if an update of the same worker announced later is
 * already pending, as discarded: it arrived out of order), or refuses it. Checked, in order: the sender's token, that
 * the update id is new, the session accepts updates, the worker is not revoked, the object lies under the worker's
 * own prefix, kind and base version fit the session, and the stored object (size, sha-256 of every byte, blob format,
 * architecture, kind, size limit, finite values). The update id, the session and the worker are looked up in one
 * query ({@link IntakeLookup}); the session's configuration comes from its cached run-time view. A refused update
 * is logged in {@code update_rejection}, counted by reason and dead-lettered; it never reaches a global model.
 * Returns only once the update is committed.
 *
 * <p>The session state and the worker's revocation are checked again in the transaction that inserts the update
 * ({@link UpdateRecorder}; under load one transaction records the updates of several consumers:
 * {@link RecordingQueue}), under a key-share lock of the session row that revocations and stops take exclusively
 * (intakes of different workers run side by side, and beside version commits, which take the row without excluding
 * key-share readers; one worker's intakes are serialised on its row): a revocation (or the end of the session) that
 * commits while the object is being verified is seen there, and one that commits after the insert drops the
 * then-pending update. So a revoked worker's update never reaches a version, and a stopped session keeps no pending
 * update.
 */
@Component
public class UpdateIntake {

    private final RecordedUpdateRepository updates;
    private final UpdateRejectionRepository rejections;
    private final TrainingSessionRepository sessions;
    private final SessionConfigs configs;
    private final WorkerTokenVerifier tokens;
    private final ModelStore store;
    private final AggregatorMetrics metrics;
    private final AggregationTrigger coordinator;
    private final VerifiedUpdateCache verified;
    private final RecordingQueue recording;
    private final IntakeLookup lookup;

    UpdateIntake(RecordedUpdateRepository updates, UpdateRejectionRepository rejections,
            TrainingSessionRepository sessions, SessionConfigs configs,
            WorkerTokenVerifier tokens, ModelStore store, AggregatorMetrics metrics,
            AggregationTrigger coordinator, VerifiedUpdateCache verified, RecordingQueue recording,
            IntakeLookup lookup) {
        this.updates = updates;
        this.rejections = rejections;
        this.sessions = sessions;
        this.configs = configs;
        this.tokens = tokens;
        this.store = store;
        this.metrics = metrics;
        this.coordinator = coordinator;
        this.verified = verified;
        this.recording = recording;
        this.lookup = lookup;
    }

    /**
     * @param failedAttempts how often this message already failed transiently (0 on its first delivery); an update
     *                       from a worker the aggregator has not seen registered yet is retried once, then refused
     */
    public void accept(EventEnvelope envelope, String token, int failedAttempts) {
        if (!(envelope.event() instanceof LocalUpdateSubmitted update)) {
            throw refuse(envelope, null, RejectionReason.WRONG_EVENT_TYPE,
                    "expected update.submitted, got " + envelope.event().type());
        }
        IntakeLookup.View known = lookup.find(update.updateId(), update.sessionId(), update.workerId());
        if (known.recordedEventId() != null && known.recordedEventId().equals(envelope.eventId())) {
            // The same event again (published twice, or redelivered after a crash between commit and ack): it was
            // recorded once; the copy changes nothing and is set aside with its reason.
            throw refuse(envelope, update, RejectionReason.DUPLICATE_EVENT, "event " + envelope.eventId()
                    + " was already recorded as update " + update.updateId());
        }
        long tokenStarted = System.nanoTime();
        try {
            tokens.verify(token, update.workerId(), update.sessionId(), Set.of(TokenClaims.ROLE_TRAINER),
                    envelope.occurredAt());
        } catch (TokenRejectedException e) {
            throw refuse(envelope, update, e.reason(), e.getMessage());
        } finally {
            metrics.stageSince(AggregatorMetrics.INTAKE_TOKEN, tokenStarted);
        }
        if (known.recordedEventId() != null) {
            throw refuse(envelope, update, RejectionReason.DUPLICATE_UPDATE, "update " + update.updateId()
                    + " was already recorded from event " + known.recordedEventId());
        }
        SessionState state = known.sessionState();
        if (state == null) {
            throw refuse(envelope, update, RejectionReason.UNKNOWN_SESSION, "no session " + update.sessionId());
        }
        if (!state.acceptsUpdates()) {
            RejectedEventException refused = refuse(envelope, update, RejectionReason.SESSION_NOT_ACTIVE,
                    "session " + update.sessionId() + " is " + state);
            if (state.isOver()) {
                return; // a late update: refused and recorded, but ordinary traffic, not a dead letter
            }
            throw refused;
        }
        if (known.workerState() == SessionWorker.State.REVOKED) {
            throw refuse(envelope, update, RejectionReason.WORKER_REVOKED, "worker " + update.workerId()
                    + " was revoked");
        }
        if (!ObjectKeys.isUnderWorkerPrefix(update.objectKey(), update.sessionId(), update.workerId())) {
            throw refuse(envelope, update, RejectionReason.FOREIGN_OBJECT_KEY, "object key " + update.objectKey()
                    + " is not under " + ObjectKeys.workerPrefix(update.sessionId(), update.workerId()));
        }
        SessionRuntime runtime = configs.cachedRuntime(update.sessionId()).orElseGet(() -> configs.runtime(
                sessions.findById(update.sessionId()).orElseThrow(() -> refuse(envelope, update,
                        RejectionReason.UNKNOWN_SESSION, "no session " + update.sessionId()))));
        if (update.kind() != runtime.strategy().updateKind()) {
            throw refuse(envelope, update, RejectionReason.KIND_MISMATCH, "strategy " + runtime.strategy().name()
                    + " takes "
                    + runtime.strategy().updateKind() + " updates, got " + update.kind());
        }
        if (update.baseVersion() > known.currentVersion()) {
            throw refuse(envelope, update, RejectionReason.BASE_VERSION_AHEAD, "base version " + update.baseVersion()
                    + " is newer than the current version " + known.currentVersion());
        }
        if (update.sizeBytes() > runtime.uploadLimitBytes()) {
            throw refuse(envelope, update, RejectionReason.TOO_LARGE, "declared size " + update.sizeBytes()
                    + " exceeds the session's upload limit " + runtime.uploadLimitBytes());
        }
        long blobStarted = System.nanoTime();
        float[] parameters;
        try {
            parameters = verifyObject(envelope, update, runtime);
        } finally {
            metrics.stageSince(AggregatorMetrics.INTAKE_BLOB, blobStarted);
        }
        // Kept for the aggregation, which then need not read the object again. Put before the row is committed, so
        // the aggregation the commit makes possible finds it; taken out again unless the update was recorded.
        verified.put(update.sessionId(), update.updateId(), update.objectKey(), update.sha256(), parameters);
        boolean recorded = false;
        long recordStarted = System.nanoTime();
        try {
            recorded = record(envelope, update, failedAttempts);
        } finally {
            metrics.stageSince(AggregatorMetrics.INTAKE_RECORD, recordStarted);
            if (!recorded) {
                verified.remove(update.sessionId(), List.of(update.updateId()));
            }
        }
        if (!recorded) {
            return;
        }
        metrics.updateReceived();
        coordinator.trigger(update.sessionId());
    }

    /** Records and counts a message that is not a readable event (EventDelivery dead-letters it). */
    void unreadable(String messageId, String detail) {
        rejections.save(new UpdateRejection(messageId == null ? "unknown" : messageId, null, null, null,
                RejectionReason.UNREADABLE.name(), String.valueOf(detail), Instant.now()));
        metrics.updateRejected(RejectionReason.UNREADABLE.name());
    }

    /** Reads and verifies the update's object; returns its parameters, exactly the ones the sha-256 covers. */
    private float[] verifyObject(EventEnvelope envelope, LocalUpdateSubmitted update, SessionRuntime runtime) {
        ModelStore.VerifiedBlob blob;
        try {
            // One request: the size the store answers with is checked before the body is read.
            blob = store.read(update.objectKey(), runtime.updateReader(), update.sizeBytes());
        } catch (ModelStore.SizeMismatchException e) {
            throw refuse(envelope, update, RejectionReason.SIZE_MISMATCH, "declared " + update.sizeBytes()
                    + " bytes, the stored object has " + e.actual());
        } catch (ModelFormatException e) {
            throw refuse(envelope, update, e.reason().name(), e.getMessage());
        } catch (ModelStore.MissingObjectException e) {
            throw refuse(envelope, update, RejectionReason.OBJECT_MISSING, e.getMessage());
        } catch (IOException e) {
            throw new ModelStore.StoreException("reading " + update.objectKey() + " failed", e);
        }
        if (!blob.sha256().equals(update.sha256())) {
            throw refuse(envelope, update, "SHA256_MISMATCH", "declared sha-256 " + update.sha256()
                    + " but the stored object hashes to " + blob.sha256());
        }
        return blob.blob().parameters();
    }

    /** Records the update as pending; returns false for a late update that was refused without a dead letter. */
    private boolean record(EventEnvelope envelope, LocalUpdateSubmitted update, int failedAttempts) {
        UpdateRecorder.Outcome outcome;
        try {
            outcome = recording.record(new UpdateRecorder.Request(envelope, update, failedAttempts));
        } catch (DataIntegrityViolationException e) {
            // Another delivery recorded the same update id first (unique constraint).
            RecordedUpdate winner = updates.findByUpdateId(update.updateId()).orElseThrow(() -> e);
            throw refuse(envelope, update, winner.eventId().equals(envelope.eventId()) ? RejectionReason.DUPLICATE_EVENT
                    : RejectionReason.DUPLICATE_UPDATE, "update " + update.updateId()
                    + " was already recorded from event "
                    + winner.eventId());
        }
        if (outcome.notRegisteredYet()) {
            throw new WorkerNotRegisteredYetException(update.sessionId(), update.workerId());
        }
        UpdateRecorder.Refusal refusal = outcome.refusal();
        if (refusal != null) {
            RejectedEventException refused = refuse(envelope, update, refusal.reason(), refusal.detail());
            if (refusal.late()) {
                return false;
            }
            throw refused;
        }
        return true;
    }

    /** Transient: the worker's registration may still be on its way; EventDelivery retries the message. */
    static final class WorkerNotRegisteredYetException extends IllegalStateException {

        WorkerNotRegisteredYetException(String sessionId, String workerId) {
            super("worker " + workerId + " is not (yet) registered in session " + sessionId);
        }
    }

    private RejectedEventException refuse(EventEnvelope envelope, LocalUpdateSubmitted update,
            RejectionReason reason, String detail) {
        return refuse(envelope, update, reason.name(), detail);
    }

    /** Records the refusal (a {@link RejectionReason}, or the blob format's reason) and what to dead-letter. */
    private RejectedEventException refuse(EventEnvelope envelope, LocalUpdateSubmitted update, String reason,
            String detail) {
        rejections.save(new UpdateRejection(envelope.eventId(), update == null ? null : update.updateId(),
                envelope.event().sessionId(), update == null ? null : update.workerId(), reason, detail,
                Instant.now()));
        metrics.updateRejected(reason);
        return new RejectedEventException(reason + ": " + detail);
    }
}
