package io.asyn2f.aggregator.aggregation;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.asyn2f.aggregator.lifecycle.SessionLifecycle;
import io.asyn2f.aggregator.metrics.AggregatorMetrics;
import io.asyn2f.aggregator.session.SessionConfig;
import io.asyn2f.aggregator.session.SessionConfigs;
import io.asyn2f.aggregator.session.SessionRuntime;
import io.asyn2f.aggregator.session.SessionState;
import io.asyn2f.aggregator.session.TrainingSession;
import io.asyn2f.aggregator.session.TrainingSessionRepository;
import io.asyn2f.aggregator.update.RecordedUpdate;
import io.asyn2f.aggregator.update.RecordedUpdateRepository;
import io.asyn2f.aggregator.update.VerifiedUpdateCache;
import io.asyn2f.api.event.SessionStopped.StopReason;

/**
 * The deadlines of running sessions and the resume after a restart. Aggregation itself is driven by arrivals; this
 * timer only fires a session's max-wait (once it passed since the last version and updates are pending) and its
 * maximum wall time. At startup every running session is re-examined from PostgreSQL, so pending updates recorded
 * before a crash are aggregated, and sessions a crash left in STOPPING are finished. At startup and on every tick,
 * sessions still CREATED although their session.opened was sent are moved on (see
 * {@link SessionLifecycle#announceSentSessions()}).
 */
@Component
class SessionTimers {

    private static final Logger log = LoggerFactory.getLogger(SessionTimers.class);

    private final TrainingSessionRepository sessions;
    private final RecordedUpdateRepository updates;
    private final SessionConfigs configs;
    private final SessionLifecycle lifecycle;
    private final AggregationCoordinator coordinator;
    private final AggregatorMetrics metrics;
    private final VerifiedUpdateCache verifiedUpdates;
    private final CommittedModelCache committedModels;

    SessionTimers(TrainingSessionRepository sessions, RecordedUpdateRepository updates, SessionConfigs configs,
            SessionLifecycle lifecycle, AggregationCoordinator coordinator, AggregatorMetrics metrics,
            VerifiedUpdateCache verifiedUpdates, CommittedModelCache committedModels) {
        this.sessions = sessions;
        this.updates = updates;
        this.configs = configs;
        this.lifecycle = lifecycle;
        this.coordinator = coordinator;
        this.metrics = metrics;
        this.verifiedUpdates = verifiedUpdates;
        this.committedModels = committedModels;
    }

    @EventListener(ApplicationReadyEvent.class)
    void resume() {
        lifecycle.completeStopping();
        lifecycle.announceSentSessions();
        for (TrainingSession session : sessions.findAll()) {
            metrics.version(session.id(), session.currentVersion());
            if (session.lastAccuracy() != null) {
                metrics.accuracy(session.id(), session.lastAccuracy());
            }
            if (session.state() == SessionState.RUNNING) {
                log.info("resuming session {} at version {}", session.id(), session.currentVersion());
                coordinator.trigger(session.id());
            }
        }
    }

    @Scheduled(fixedDelayString = "${asyn2f.aggregator.timer-interval:1s}")
    void checkDeadlines() {
        try {
            lifecycle.announceSentSessions();
        } catch (RuntimeException e) {
            log.warn("moving announced sessions out of CREATED failed", e);
        }
        Instant now = Instant.now();
        List<TrainingSession> running = sessions.findByStateIn(List.of(SessionState.RUNNING));
        for (TrainingSession session : running) {
            try {
                SessionRuntime runtime = configs.runtime(session);
                SessionConfig.Stop stop = runtime.config().stop();
                if (stop.maxWallTime() != null && session.startedAt() != null
                        && !now.isBefore(session.startedAt().plus(stop.maxWallTime()))) {
                    lifecycle.finish(session.id(), StopReason.MAX_TIME,
                            "ran for the maximum wall time " + stop.maxWallTime());
                    continue;
                }
                // Pending updates are offered to the strategy at every tick, not only when max-wait passes: with
                // more than one replica an update may have been taken in by a replica that does not hold the
                // session's lease, and the holder hears of it only here.
                if (updates.countBySessionIdAndStatus(session.id(), RecordedUpdate.Status.PENDING) > 0) {
                    coordinator.trigger(session.id());
                }
            } catch (RuntimeException e) {
                log.warn("checking the deadlines of session {} failed", session.id(), e);
            }
        }
        try {
            sweepCaches(running);
        } catch (RuntimeException e) {
            log.warn("sweeping the in-memory models failed", e);
        }
    }

    /** Frees what no aggregation here can use any more: other sessions', and updates consumed meanwhile. */
    private void sweepCaches(List<TrainingSession> running) {
        Set<String> runningIds = running.stream().map(TrainingSession::id).collect(Collectors.toSet());
        committedModels.retainSessions(runningIds);
        Set<String> open = new HashSet<>(runningIds);
        sessions.findByStateIn(List.of(SessionState.CREATED, SessionState.WAITING_FOR_WORKERS))
                .forEach(session -> open.add(session.id()));
        configs.retainRuntimes(open);
        verifiedUpdates.sweep(open, ids -> updates.findByUpdateIdIn(ids).stream()
                .filter(update -> update.status() != RecordedUpdate.Status.PENDING)
                .map(RecordedUpdate::updateId).toList());
    }
}
