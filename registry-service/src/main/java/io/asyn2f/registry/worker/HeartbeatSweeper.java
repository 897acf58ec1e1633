package io.asyn2f.registry.worker;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.asyn2f.api.event.WorkerLost;
import io.asyn2f.messaging.EventPublisher;
import io.asyn2f.registry.config.RegistryProperties;
import io.asyn2f.registry.session.SessionService;

/**
 * Marks ACTIVE workers without a heartbeat for {@code asyn2f.registry.heartbeat.timeout} as LOST and announces it,
 * every {@code sweep-interval}. Each worker flips in its own transaction with a conditional update, so a heartbeat
 * that lands meanwhile wins and several registry replicas announce each loss once.
 */
@Component
class HeartbeatSweeper implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatSweeper.class);

    private final WorkerRepository workers;
    private final EventPublisher events;
    private final WorkerMetrics metrics;
    private final TransactionTemplate transactions;
    private final RegistryProperties.Heartbeat heartbeat;
    private final Clock clock;
    private final SessionService sessions;
    private final WorkerQueues workerQueues;
    private final HeartbeatBuffer buffered;

    HeartbeatSweeper(WorkerRepository workers, EventPublisher events, WorkerMetrics metrics,
            TransactionTemplate transactions, RegistryProperties properties, Clock clock, SessionService sessions,
            WorkerQueues workerQueues, HeartbeatBuffer buffered) {
        this.buffered = buffered;
        this.sessions = sessions;
        this.workerQueues = workerQueues;
        this.workers = workers;
        this.events = events;
        this.metrics = metrics;
        this.transactions = transactions;
        this.heartbeat = properties.heartbeat();
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::sweepSafely, heartbeat.sweepInterval());
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("heartbeat sweep failed; retrying in {}", heartbeat.sweepInterval(), e);
        }
    }

    /** One sweep; returns how many workers became LOST. */
    int sweep() {
        buffered.flush(); // silence is judged on every heartbeat this instance answered
        Instant cutoff = clock.instant().minus(heartbeat.timeout());
        int marked = 0;
        for (Worker worker : workers.findByStateAndLastHeartbeatBefore(WorkerState.ACTIVE, cutoff)) {
            Boolean lost = transactions.execute(status -> {
                if (workers.markLost(worker.workerId(), cutoff) != 1) {
                    return false;
                }
                events.publish(new WorkerLost(worker.sessionId(), worker.workerId(), worker.lastHeartbeat()));
                return true;
            });
            if (Boolean.TRUE.equals(lost)) {
                marked++;
                buffered.forget(worker.workerId());
                metrics.lost();
                log.info("worker {} lost (last heartbeat {})", worker.workerId(), worker.lastHeartbeat());
                if (sessions.isClosed(worker.sessionId())) {
                    workerQueues.delete(worker.workerId()); // its session is over: nothing will read it again
                }
            }
        }
        for (WorkerState state : WorkerState.values()) {
            metrics.workers(state, workers.countByState(state));
        }
        return marked;
    }
}
