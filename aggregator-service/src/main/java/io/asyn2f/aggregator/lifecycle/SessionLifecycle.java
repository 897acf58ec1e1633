package io.asyn2f.aggregator.lifecycle;

import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.asyn2f.aggregator.outbox.Outbox;
import io.asyn2f.aggregator.outbox.OutboxRelay.OutboxEventSent;
import io.asyn2f.aggregator.session.SessionConfigs;
import io.asyn2f.aggregator.session.SessionState;
import io.asyn2f.aggregator.session.SessionWorkerRepository;
import io.asyn2f.aggregator.session.TrainingSession;
import io.asyn2f.aggregator.session.TrainingSessionRepository;
import io.asyn2f.aggregator.update.RecordedUpdate;
import io.asyn2f.aggregator.update.RecordedUpdateRepository;
import io.asyn2f.aggregator.web.ApiException;
import io.asyn2f.api.event.SessionOpened;
import io.asyn2f.api.event.SessionStopped.StopReason;
import io.asyn2f.api.event.SessionStopped;
import io.asyn2f.api.event.WorkerRole;

/**
 * State changes of a session, each under the session's row lock, each announced through the outbox:
 * CREATED → WAITING_FOR_WORKERS once session.opened reached the broker; → RUNNING once {@code minWorkers} trainers
 * are active; → STOPPING → FINISHED/FAILED with session.stopped.
 */
@Component
public class SessionLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SessionLifecycle.class);

    private final TrainingSessionRepository sessions;
    private final SessionWorkerRepository workers;
    private final RecordedUpdateRepository updates;
    private final SessionConfigs configs;
    private final Outbox outbox;
    private final TransactionTemplate transactions;

    SessionLifecycle(TrainingSessionRepository sessions, SessionWorkerRepository workers,
            RecordedUpdateRepository updates, SessionConfigs configs, Outbox outbox,
            PlatformTransactionManager transactionManager) {
        this.sessions = sessions;
        this.workers = workers;
        this.updates = updates;
        this.configs = configs;
        this.outbox = outbox;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @EventListener
    void onEventSent(OutboxEventSent sent) {
        if (sent.envelope().event() instanceof SessionOpened opened) {
            announce(opened.sessionId());
        }
    }

    /**
     * Moves every CREATED session whose session.opened has been marked sent to WAITING_FOR_WORKERS (idempotent).
     * The in-process {@link OutboxEventSent} does that at once; this catches a session it missed (a crash or a
     * failure between marking the row sent and the move). Called at startup and on the session timer.
     */
    public void announceSentSessions() {
        for (TrainingSession session : sessions.findByStateIn(List.of(SessionState.CREATED))) {
            if (outbox.sent(session.id(), SessionOpened.TYPE)) {
                log.info("session {}: session.opened was sent; moving it out of CREATED", session.id());
                announce(session.id());
            }
        }
    }

    private void announce(String sessionId) {
        transactions.executeWithoutResult(status -> sessions.findForUpdate(sessionId).ifPresent(session -> {
            session.announced();
            startIfReady(session);
        }));
    }

    /** Moves a waiting session to RUNNING if enough trainers are active. Call inside a transaction holding the lock. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean startIfReady(TrainingSession session) {
        if (session.state() != SessionState.WAITING_FOR_WORKERS) {
            return false;
        }
        int active = workers.findActive(session.id(), WorkerRole.TRAINER).size();
        if (active < configs.runtime(session).config().minWorkers()) {
            return false;
        }
        session.start(Instant.now());
        log.info("session {} is running with {} trainer(s)", session.id(), active);
        return true;
    }

    /** Ends a session that is not over yet; returns false if it already was. */
    public boolean finish(String sessionId, StopReason reason, String detail) {
        return Boolean.TRUE.equals(transactions.execute(status -> sessions.findForUpdate(sessionId)
                .map(session -> finishLocked(session, reason, detail)).orElse(false)));
    }

    /**
     * Ends a session whose row the caller holds locked, queuing session.stopped in the caller's transaction; its
     * pending updates are discarded with the reason.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean finishLocked(TrainingSession session, StopReason reason, String detail) {
        if (session.state().isOver()) {
            return false;
        }
        session.finish(reason, detail, Instant.now());
        // Accepted but never aggregated: each keeps the reason it will never be (no update is left without one).
        updates.findBySessionIdAndStatusOrderById(session.id(), RecordedUpdate.Status.PENDING)
                .forEach(update -> update.discarded(session.currentVersion(),
                        "the session ended (" + reason + ") before it was aggregated"));
        outbox.append(new SessionStopped(session.id(), reason, detail, session.currentVersion()));
        log.info("session {} ended: {} ({}) at version {}", session.id(), reason, detail, session.currentVersion());
        return true;
    }

    /**
     * Admin stop: STOPPING is committed first, so an aggregation in flight can no longer commit (it requires
     * RUNNING); then the session is FINISHED with reason ADMIN.
     */
    public TrainingSession stop(String sessionId) {
        transactions.executeWithoutResult(status -> {
            TrainingSession session = sessions.findForUpdate(sessionId)
                    .orElseThrow(() -> ApiException.notFound("no session " + sessionId));
            if (session.state().isOver()) {
                throw ApiException.conflict("session " + sessionId + " is already " + session.state());
            }
            session.stopping();
        });
        finish(sessionId, StopReason.ADMIN, "stopped by an administrator");
        return sessions.findById(sessionId).orElseThrow();
    }

    /** Finishes sessions left in STOPPING by a crash. */
    public void completeStopping() {
        List<TrainingSession> stopping = sessions.findByStateIn(List.of(SessionState.STOPPING));
        stopping.forEach(session -> finish(session.id(), StopReason.ADMIN, "stopped by an administrator"));
    }
}
