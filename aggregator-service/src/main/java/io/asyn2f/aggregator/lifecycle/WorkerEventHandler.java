package io.asyn2f.aggregator.lifecycle;

import java.util.Optional;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.rabbitmq.client.Channel;

import io.asyn2f.aggregator.config.AggregatorProperties;
import io.asyn2f.aggregator.session.AggregationTrigger;
import io.asyn2f.aggregator.session.SessionWorker;
import io.asyn2f.aggregator.session.SessionWorkerRepository;
import io.asyn2f.aggregator.session.TrainingSession;
import io.asyn2f.aggregator.session.TrainingSessionRepository;
import io.asyn2f.aggregator.update.RecordedUpdate;
import io.asyn2f.aggregator.update.RecordedUpdateRepository;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.event.RejectionReason;
import io.asyn2f.api.event.WorkerLost;
import io.asyn2f.api.event.WorkerRegistered;
import io.asyn2f.api.event.WorkerRevoked;
import io.asyn2f.api.event.WorkerRole;
import io.asyn2f.messaging.EventDelivery;
import io.asyn2f.messaging.RejectedEventException;

/**
 * Keeps the workers of each session from the registry's events (the active trainers are what FedAvg waits for and
 * what starts a session). An event older than the state already stored is ignored, so a late redelivery cannot
 * undo a newer change; a revoked worker stays revoked and its pending updates are dropped.
 */
@Component
class WorkerEventHandler {

    private final EventDelivery delivery;
    private final SessionWorkerRepository workers;
    private final TrainingSessionRepository sessions;
    private final RecordedUpdateRepository updates;
    private final SessionLifecycle lifecycle;
    private final AggregationTrigger coordinator;
    private final TransactionTemplate transactions;
    private final String queue;

    WorkerEventHandler(EventDelivery delivery, SessionWorkerRepository workers, TrainingSessionRepository sessions,
            RecordedUpdateRepository updates, SessionLifecycle lifecycle, AggregationTrigger coordinator,
            PlatformTransactionManager transactionManager, AggregatorProperties properties) {
        this.delivery = delivery;
        this.workers = workers;
        this.sessions = sessions;
        this.updates = updates;
        this.lifecycle = lifecycle;
        this.coordinator = coordinator;
        this.transactions = new TransactionTemplate(transactionManager);
        this.queue = properties.queues().workers();
    }

    @RabbitListener(queues = "${asyn2f.aggregator.queues.workers:" + EventRouting.AGGREGATOR_WORKERS_QUEUE + "}",
            ackMode = "MANUAL")
    void onMessage(Message message, Channel channel) {
        delivery.handle(message, channel, queue, this::apply);
    }

    void apply(EventEnvelope envelope) {
        String sessionId = envelope.event().sessionId();
        transactions.executeWithoutResult(status -> {
            // The session row lock orders this change against aggregations and starts; a revocation also excludes
            // intakes (their key-share lock), so one under way either sees it or has its update dropped here.
            Optional<TrainingSession> session = envelope.event() instanceof WorkerRevoked
                    ? sessions.findForUpdate(sessionId) : sessions.findForNoKeyUpdate(sessionId);
            if (envelope.event() instanceof WorkerRegistered e) {
                upsert(e.sessionId(), e.workerId(), envelope, e);
            } else if (envelope.event() instanceof WorkerLost e) {
                change(e.sessionId(), e.workerId(), SessionWorker.State.LOST, envelope);
            } else if (envelope.event() instanceof WorkerRevoked e) {
                change(e.sessionId(), e.workerId(), SessionWorker.State.REVOKED, envelope);
                updates.findBySessionIdAndWorkerIdAndStatus(e.sessionId(), e.workerId(), RecordedUpdate.Status.PENDING)
                        .forEach(update -> update.rejected(RejectionReason.WORKER_REVOKED + ": " + e.reason()));
            } else {
                throw new RejectedEventException("not a worker event: " + envelope.event().type());
            }
            session.ifPresent(lifecycle::startIfReady);
        });
        coordinator.trigger(sessionId);
    }

    private void upsert(String sessionId, String workerId, EventEnvelope envelope, WorkerRegistered e) {
        SessionWorker.Key key = new SessionWorker.Key(sessionId, workerId);
        Optional<SessionWorker> existing = workers.findById(key);
        if (existing.isEmpty()) {
            workers.save(new SessionWorker(sessionId, workerId, e.role(), e.samples(), e.quality(),
                    envelope.occurredAt()));
        } else if (!envelope.occurredAt().isBefore(existing.get().changedAt())) {
            existing.get().registered(e.role(), e.samples(), e.quality(), envelope.occurredAt());
        }
    }

    private void change(String sessionId, String workerId, SessionWorker.State state, EventEnvelope envelope) {
        Optional<SessionWorker> existing = workers.findById(new SessionWorker.Key(sessionId, workerId));
        if (existing.isEmpty()) {
            if (state == SessionWorker.State.REVOKED) {
                SessionWorker revoked = new SessionWorker(sessionId, workerId,
                        WorkerRole.TRAINER, 0, 0, envelope.occurredAt());
                revoked.changeState(state, envelope.occurredAt());
                workers.save(revoked);
            }
            return;
        }
        if (state == SessionWorker.State.REVOKED || !envelope.occurredAt().isBefore(existing.get().changedAt())) {
            existing.get().changeState(state, envelope.occurredAt());
        }
    }
}
