package io.asyn2f.aggregator.evaluation;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.rabbitmq.client.Channel;

import io.asyn2f.aggregator.config.AggregatorProperties;
import io.asyn2f.aggregator.lifecycle.SessionLifecycle;
import io.asyn2f.aggregator.metrics.AggregatorMetrics;
import io.asyn2f.aggregator.security.TokenRejectedException;
import io.asyn2f.aggregator.security.WorkerTokenVerifier;
import io.asyn2f.aggregator.session.SessionConfig;
import io.asyn2f.aggregator.session.SessionConfigs;
import io.asyn2f.aggregator.session.SessionWorker;
import io.asyn2f.aggregator.session.SessionWorkerRepository;
import io.asyn2f.aggregator.session.TrainingSession;
import io.asyn2f.aggregator.session.TrainingSessionRepository;
import io.asyn2f.aggregator.version.GlobalVersion;
import io.asyn2f.aggregator.version.GlobalVersionRepository;
import io.asyn2f.api.event.EvaluationReported;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.event.SessionStopped.StopReason;
import io.asyn2f.api.event.WorkerRole;
import io.asyn2f.api.security.TokenClaims;
import io.asyn2f.messaging.EventDelivery;
import io.asyn2f.messaging.RejectedEventException;

/**
 * evaluation.reported from testers: recorded per version (once per tester and version), the version's and the
 * session's accuracy updated, and the session stopped in the same commit once a quorum of testers reached the target
 * accuracy on one version ({@link TesterQuorum}). With testers named by the operator, others are refused.
 */
@Component
class EvaluationRecorder {

    private final EventDelivery delivery;
    private final WorkerTokenVerifier tokens;
    private final EvaluationRepository evaluations;
    private final GlobalVersionRepository versions;
    private final TrainingSessionRepository sessions;
    private final SessionWorkerRepository workers;
    private final SessionConfigs configs;
    private final SessionLifecycle lifecycle;
    private final AggregatorMetrics metrics;
    private final TransactionTemplate transactions;
    private final String queue;

    EvaluationRecorder(EventDelivery delivery, WorkerTokenVerifier tokens, EvaluationRepository evaluations,
            GlobalVersionRepository versions, TrainingSessionRepository sessions, SessionWorkerRepository workers,
            SessionConfigs configs,
            SessionLifecycle lifecycle, AggregatorMetrics metrics, PlatformTransactionManager transactionManager,
            AggregatorProperties properties) {
        this.delivery = delivery;
        this.tokens = tokens;
        this.evaluations = evaluations;
        this.versions = versions;
        this.sessions = sessions;
        this.workers = workers;
        this.configs = configs;
        this.lifecycle = lifecycle;
        this.metrics = metrics;
        this.transactions = new TransactionTemplate(transactionManager);
        this.queue = properties.queues().evaluations();
    }

    @RabbitListener(queues = "${asyn2f.aggregator.queues.evaluations:"
            + EventRouting.AGGREGATOR_EVALUATIONS_QUEUE + "}", ackMode = "MANUAL")
    void onMessage(Message message, Channel channel) {
        Object token = message.getMessageProperties().getHeaders().get(EventRouting.HEADER_ACCESS_TOKEN);
        delivery.handle(message, channel, queue, envelope -> record(envelope, token == null ? null : token.toString()));
    }

    void record(EventEnvelope envelope, String token) {
        if (!(envelope.event() instanceof EvaluationReported report)) {
            throw new RejectedEventException("WRONG_EVENT_TYPE: expected evaluation.reported");
        }
        if (evaluations.existsByEventId(envelope.eventId())) {
            return; // redelivery
        }
        try {
            tokens.verify(token, report.workerId(), report.sessionId(), Set.of(TokenClaims.ROLE_TESTER),
                    envelope.occurredAt());
        } catch (TokenRejectedException e) {
            throw new RejectedEventException(e.reason() + ": " + e.getMessage());
        }
        transactions.executeWithoutResult(status -> {
            TrainingSession session = sessions.findForUpdate(report.sessionId()).orElseThrow(() ->
                    new RejectedEventException("UNKNOWN_SESSION: no session " + report.sessionId()));
            // Checked under the session lock, which worker events also take: a revocation is either seen or after.
            workers.findById(new SessionWorker.Key(report.sessionId(), report.workerId()))
                    .filter(worker -> worker.state() == SessionWorker.State.REVOKED)
                    .ifPresent(worker -> {
                        throw new RejectedEventException("WORKER_REVOKED: worker " + report.workerId()
                                + " was revoked");
                    });
            SessionConfig.Stop stop = configs.runtime(session).config().stop();
            if (!stop.namedTesters().isEmpty() && !stop.namedTesters().contains(report.workerId())) {
                throw new RejectedEventException("TESTER_NOT_NAMED: worker " + report.workerId()
                        + " is not one of the testers the operator named for session " + report.sessionId());
            }
            GlobalVersion version = versions.findById(new GlobalVersion.Key(report.sessionId(), report.version()))
                    .orElseThrow(() -> new RejectedEventException("UNKNOWN_VERSION: session " + report.sessionId()
                            + " has no version " + report.version()));
            // A tester that evaluates the same version again replaces its earlier result.
            evaluations.findBySessionIdAndVersionAndWorkerId(report.sessionId(), report.version(), report.workerId())
                    .ifPresentOrElse(earlier -> earlier.replace(envelope.eventId(), report, Instant.now()),
                            () -> evaluations.save(new Evaluation(envelope.eventId(), report, Instant.now())));
            version.evaluated(report.accuracy());
            if (report.version() == session.currentVersion() || session.lastAccuracy() == null) {
                session.accuracyReported(report.accuracy());
            }
            Double target = stop.targetAccuracy();
            if (target != null && report.accuracy() >= target && session.state().acceptsUpdates()) {
                List<String> reaching = evaluations.testersReaching(report.sessionId(), report.version(), target);
                int required = TesterQuorum.required(stop.testerQuorum(), TesterQuorum.activeEligible(
                        workers.findActive(report.sessionId(), WorkerRole.TESTER), stop.namedTesters()));
                if (TesterQuorum.reached(reaching, stop.namedTesters(), required)) {
                    lifecycle.finishLocked(session, StopReason.TARGET_ACCURACY, "version " + report.version()
                            + " reached accuracy " + report.accuracy() + " (target " + target + ") for "
                            + required + " tester(s)");
                }
            }
        });
        metrics.accuracy(report.sessionId(), report.accuracy());
    }
}
