package io.asyn2f.aggregator.update;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.asyn2f.aggregator.config.DatabaseSchema;
import io.asyn2f.aggregator.session.SessionWorker;
import io.asyn2f.aggregator.session.SessionWorkerRepository;
import io.asyn2f.aggregator.session.TrainingSession;
import io.asyn2f.aggregator.session.TrainingSessionRepository;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.LocalUpdateSubmitted;
import io.asyn2f.api.event.RejectionReason;

/**
 * The transactional half of update intake: records verified updates as pending, several in one transaction, after
 * checking again, under locks, what may have changed since they were verified (the session still takes updates, the
 * worker is registered, not revoked, and declared what the registry recorded).
 *
 * <p>Locks, in one order for every batch (so two batches, or a batch and a revocation, never wait on each other in a
 * circle): each session's row key-share (stops, starts and revocations take it for update and wait; version commits do
 * not), by session id; then, session by session, its workers' rows for update, by worker id (one worker's updates are
 * recorded one at a time). One query per session locks its workers and one finds their pending updates, so a batch
 * costs a few round trips and one batch of inserts.
 */
@Component
class UpdateRecorder {

    private final RecordedUpdateRepository updates;
    private final TrainingSessionRepository sessions;
    private final SessionWorkerRepository workers;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final String insert;

    UpdateRecorder(RecordedUpdateRepository updates, TrainingSessionRepository sessions,
            SessionWorkerRepository workers, PlatformTransactionManager transactionManager, JdbcTemplate jdbc,
            @Value("${spring.jpa.properties.hibernate.default_schema:aggregator}") String schema) {
        this.jdbc = jdbc;
        this.insert = "insert into " + DatabaseSchema.table(schema, "local_update")
                + " (update_id, event_id, session_id, worker_id, object_key, sha256, size_bytes, base_version, samples,"
                + " quality, loss, accuracy, epoch, kind, status, status_reason, consumed_in_version, submitted_at,"
                + " received_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        this.updates = updates;
        this.sessions = sessions;
        this.workers = workers;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** A verified update to record; {@code failedAttempts} as {@link UpdateIntake#accept} was given it. */
    record Request(EventEnvelope envelope, LocalUpdateSubmitted update, int failedAttempts) {
    }

    /**
     * A refusal found under the locks.
     *
     * @param late the session ended meanwhile: recorded and counted, but acknowledged rather than dead-lettered
     */
    record Refusal(RejectionReason reason, String detail, boolean late) {
        Refusal(RejectionReason reason, String detail) {
            this(reason, detail, false);
        }
    }

    /**
     * What became of one request: recorded (neither field set), refused, or to be tried again because its worker's
     * registration may still be on its way.
     */
    record Outcome(Refusal refusal, boolean notRegisteredYet) {
        static final Outcome RECORDED = new Outcome(null, false);
        static final Outcome NOT_REGISTERED_YET = new Outcome(null, true);

        static Outcome refused(Refusal refusal) {
            return new Outcome(refusal, false);
        }
    }

    /**
     * Records the requests in one transaction; returns one outcome per request, in order. Throws (and records
     * nothing) if the transaction fails, e.g. on the unique update id when another delivery recorded one of them.
     */
    List<Outcome> record(List<Request> requests) {
        return transactions.execute(status -> {
            Map<String, TreeSet<String>> workerIds = new TreeMap<>();
            requests.forEach(r -> workerIds.computeIfAbsent(r.update().sessionId(), id -> new TreeSet<>())
                    .add(r.update().workerId()));
            Map<String, Optional<TrainingSession>> lockedSessions = new HashMap<>();
            workerIds.keySet().forEach(id -> lockedSessions.put(id, sessions.findForKeyShare(id)));
            Map<SessionWorker.Key, WorkerState> lockedWorkers = new HashMap<>();
            workerIds.forEach((sessionId, ids) -> {
                Map<String, SessionWorker> rows = new HashMap<>();
                workers.findForUpdate(sessionId, ids).forEach(w -> rows.put(w.workerId(), w));
                Map<String, List<RecordedUpdate>> pending = new HashMap<>();
                updates.findBySessionIdAndWorkerIdInAndStatus(sessionId, ids, RecordedUpdate.Status.PENDING)
                        .forEach(u -> pending.computeIfAbsent(u.workerId(), id -> new ArrayList<>()).add(u));
                ids.forEach(id -> lockedWorkers.put(new SessionWorker.Key(sessionId, id), new WorkerState(
                        Optional.ofNullable(rows.get(id)), pending.getOrDefault(id, List.of()))));
            });

            List<Outcome> outcomes = new ArrayList<>(requests.size());
            List<RecordedUpdate> recorded = new ArrayList<>();
            for (Request request : requests) {
                Optional<TrainingSession> session = lockedSessions.get(request.update().sessionId());
                WorkerState worker = lockedWorkers.get(key(request));
                Outcome outcome = check(request, session, worker);
                if (outcome == Outcome.RECORDED) {
                    RecordedUpdate update = recordable(request, session.orElseThrow(), worker);
                    recorded.add(update);
                    if (update.status() == RecordedUpdate.Status.PENDING) {
                        worker.pending().add(update);
                    }
                }
                outcomes.add(outcome);
            }
            insert(recorded);
            return outcomes;
        });
    }

    /**
     * One JDBC batch for all of the batch's rows: the database assigns the ids (the arrival sequence the strategies
     * order by) in this order, and the driver sends the whole batch at once, where Hibernate would send one insert
     * per row (it cannot batch inserts whose id the database assigns).
     */
    private void insert(List<RecordedUpdate> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(insert, rows, rows.size(), (statement, u) -> {
            statement.setString(1, u.updateId());
            statement.setString(2, u.eventId());
            statement.setString(3, u.sessionId());
            statement.setString(4, u.workerId());
            statement.setString(5, u.objectKey());
            statement.setString(6, u.sha256());
            statement.setLong(7, u.sizeBytes());
            statement.setLong(8, u.baseVersion());
            statement.setLong(9, u.samples());
            statement.setDouble(10, u.quality());
            statement.setDouble(11, u.loss());
            statement.setDouble(12, u.accuracy());
            statement.setInt(13, u.epoch());
            statement.setString(14, u.kind().name());
            statement.setString(15, u.status().name());
            statement.setString(16, u.statusReason());
            statement.setObject(17, u.consumedInVersion(), Types.BIGINT);
            statement.setObject(18, OffsetDateTime.ofInstant(u.submittedAt(), ZoneOffset.UTC));
            statement.setObject(19, OffsetDateTime.ofInstant(u.receivedAt(), ZoneOffset.UTC));
        });
    }

    /** The locked worker row and its updates pending so far (this batch's included). */
    private record WorkerState(Optional<SessionWorker> row, List<RecordedUpdate> pending) {
        WorkerState {
            pending = new ArrayList<>(pending);
        }
    }

    private static SessionWorker.Key key(Request request) {
        return new SessionWorker.Key(request.update().sessionId(), request.update().workerId());
    }

    private static Outcome check(Request request, Optional<TrainingSession> session, WorkerState worker) {
        LocalUpdateSubmitted update = request.update();
        if (session.isEmpty()) {
            return Outcome.refused(new Refusal(RejectionReason.UNKNOWN_SESSION, "no session " + update.sessionId()));
        }
        if (!session.get().state().acceptsUpdates()) {
            return Outcome.refused(new Refusal(RejectionReason.SESSION_NOT_ACTIVE,
                    "session " + update.sessionId() + " is " + session.get().state(), session.get().state().isOver()));
        }
        if (worker.row().isPresent() && worker.row().get().state() == SessionWorker.State.REVOKED) {
            return Outcome.refused(new Refusal(RejectionReason.WORKER_REVOKED,
                    "worker " + update.workerId() + " was revoked"));
        }
        if (worker.row().isEmpty()) {
            if (request.failedAttempts() == 0) {
                // Its worker.registered (another queue) may not have been applied yet: retried once.
                return Outcome.NOT_REGISTERED_YET;
            }
            return Outcome.refused(new Refusal(RejectionReason.UNKNOWN_WORKER, "worker " + update.workerId()
                    + " is not registered in session " + update.sessionId()));
        }
        // Weights come from what the registry recorded, never from the sender's claim.
        SessionWorker registered = worker.row().get();
        if (update.samples() != registered.samples() || !sameQuality(update.quality(), registered.quality())) {
            return Outcome.refused(new Refusal(RejectionReason.METADATA_MISMATCH, "declared samples "
                    + update.samples() + " and quality " + update.quality() + ", the registry recorded "
                    + registered.samples() + " and " + registered.quality()));
        }
        return Outcome.RECORDED;
    }

    private static RecordedUpdate recordable(Request request, TrainingSession session, WorkerState worker) {
        SessionWorker registered = worker.row().orElseThrow();
        EventEnvelope envelope = request.envelope();
        RecordedUpdate recorded = new RecordedUpdate(envelope.eventId(), request.update(), registered.samples(),
                registered.quality(), envelope.occurredAt(), Instant.now());
        // Several consumers take updates in at once, so two of one worker that were queued together (a backlog) may
        // arrive here out of order; the strategy keeps a worker's update recorded last, so an older one must not
        // come after its successor.
        worker.pending().stream().filter(pending -> pending.submittedAt().isAfter(envelope.occurredAt())).findFirst()
                .ifPresent(newer -> recorded.discarded(session.currentVersion(), "superseded: update "
                        + newer.updateId() + " of this worker, announced later, was recorded first"));
        return recorded;
    }

    private static boolean sameQuality(double declared, double registered) {
        return Math.abs(declared - registered) <= 1e-9 * Math.max(1.0, Math.abs(registered));
    }
}
