package io.asyn2f.registry.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

import io.asyn2f.api.event.WorkerRegistered;
import io.asyn2f.api.event.WorkerRevoked;
import io.asyn2f.api.registry.RegistrationRequest;
import io.asyn2f.api.registry.RegistrationResponse;
import io.asyn2f.api.registry.TokenResponse;
import io.asyn2f.messaging.EventPublisher;
import io.asyn2f.registry.config.RegistryProperties;
import io.asyn2f.registry.enrollment.Admission;
import io.asyn2f.registry.enrollment.EnrollmentService;
import io.asyn2f.registry.session.OpenSession;
import io.asyn2f.registry.session.SessionService;
import io.asyn2f.registry.token.IssuedToken;
import io.asyn2f.registry.token.RefreshCredentials;
import io.asyn2f.registry.token.TokenIssuer;
import io.asyn2f.registry.web.Problems;

/**
 * Workers' lifecycle: registration and reconnect, refresh, heartbeats, revocation.
 *
 * <p>Events are published (with broker confirm) inside the database transaction, so a failed publish rolls the
 * change back and the caller sees an error instead of a change nobody heard of.
 */
@Service
public class WorkerService {

    private static final Logger log = LoggerFactory.getLogger(WorkerService.class);
    private static final String BEARER = "Bearer";

    private final WorkerRepository workers;
    private final SessionService sessions;
    private final TokenIssuer tokens;
    private final EventPublisher events;
    private final WorkerMetrics metrics;
    private final RegistryProperties properties;
    private final Clock clock;
    private final WorkerQueues workerQueues;
    private final EnrollmentService enrollment;
    private final WorkerBrokerUsers brokerUsers;
    private final HeartbeatBuffer heartbeats;
    private final TransactionTemplate transactions;

    WorkerService(WorkerRepository workers, SessionService sessions, TokenIssuer tokens, EventPublisher events,
            WorkerMetrics metrics, RegistryProperties properties, Clock clock, WorkerQueues workerQueues,
            EnrollmentService enrollment, WorkerBrokerUsers brokerUsers, HeartbeatBuffer heartbeats,
            PlatformTransactionManager transactionManager) {
        this.heartbeats = heartbeats;
        this.transactions = new TransactionTemplate(transactionManager);
        this.workerQueues = workerQueues;
        this.enrollment = enrollment;
        this.brokerUsers = brokerUsers;
        this.workers = workers;
        this.sessions = sessions;
        this.tokens = tokens;
        this.events = events;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Registers a new worker admitted by {@code credential} (an enrollment token of this session, or the shared secret
     * in its development mode), or gives a returning one (id + valid refresh credential) its identity back.
     */
    @Transactional
    public RegistrationResponse register(String sessionId, String credential, RegistrationRequest request) {
        try {
            RegistrationResponse response = doRegister(sessionId, credential, request);
            metrics.registration(request.role(), response.reconnect() ? "reconnected" : "registered");
            return response;
        } catch (ErrorResponseException e) {
            metrics.registration(request.role(), outcome(e));
            throw e;
        }
    }

    private RegistrationResponse doRegister(String sessionId, String credential, RegistrationRequest request) {
        if ((request.workerId() == null) != (request.refreshToken() == null)) {
            throw Problems.badRequest("workerId and refreshToken must be given together (to reconnect) or not at all");
        }
        boolean reconnect = request.workerId() != null;
        // A new worker's credential first (takes a seat; rolled back with any later refusal): no session is told
        // apart from another without one. A returning worker is authenticated by its refresh credential.
        Admission admission = reconnect ? null : enrollment.admit(sessionId, credential, request.role());
        OpenSession session = sessions.requireOpen(sessionId);
        Instant now = clock.instant();
        Worker worker;
        if (reconnect) {
            worker = workers.findById(request.workerId())
                    .filter(w -> refreshCredentialValid(w, request.refreshToken(), now))
                    .orElseThrow(() -> Problems.unauthorized("unknown worker or invalid refresh credential"));
            if (worker.state() == WorkerState.REVOKED) {
                throw Problems.forbidden("worker '" + worker.workerId() + "' is revoked");
            }
            if (!worker.sessionId().equals(sessionId)) {
                throw Problems.conflict("worker '" + worker.workerId() + "' belongs to another session");
            }
            admission = enrollment.readmit(worker.enrollmentTokenId(), request.role());
        } else {
            worker = new Worker("w-" + UUID.randomUUID().toString().replace("-", ""), sessionId, now,
                    admission.tokenId());
        }
        // A sample count fixed at enrollment replaces the reported one; the aggregator weights with what is recorded.
        worker.describe(request.role(), admission.samples(request.samples()), request.quality(), request.system());
        worker.heartbeat(now);
        String refreshToken = RefreshCredentials.generate();
        Instant refreshExpiresAt = now.plus(properties.tokens().refreshTokenTtl());
        worker.rotateRefreshCredential(RefreshCredentials.hash(refreshToken), refreshExpiresAt);
        workers.saveAndFlush(worker);

        // Before the event: a worker the broker would not let in is never announced (WorkerBrokerUsers).
        RegistrationResponse.Broker broker = brokerUsers.grant(worker, reconnect);
        IssuedToken token = tokens.issueWorkerToken(worker.workerId(), sessionId, worker.role(),
                session.uploadLimitBytes());
        events.publish(new WorkerRegistered(sessionId, worker.workerId(), worker.role(), worker.samples(),
                worker.quality(), worker.backend(), reconnect));
        log.info("worker {} {} session {} as {}", worker.workerId(), reconnect ? "reconnected to" : "registered for",
                sessionId, worker.role());

        Duration timeout = properties.heartbeat().timeout();
        return new RegistrationResponse(worker.workerId(), sessionId, TokenIssuer.roleClaim(worker.role()), reconnect,
                worker.samples(), token.value(), BEARER, token.expiresAt(), tokens.accessTokenTtl().toSeconds(),
                refreshToken, refreshExpiresAt, session.trainingConfig(), broker,
                new RegistrationResponse.StorageGateway(properties.storageGateway().url()),
                new RegistrationResponse.Heartbeat(Math.max(1, timeout.toSeconds() / 3), timeout.toSeconds()));
    }

    /** A new access token for a valid refresh credential, which is rotated: the presented one stops working. */
    @Transactional
    public TokenResponse refresh(String workerId, String refreshToken) {
        Instant now = clock.instant();
        Worker worker = workers.findById(workerId)
                .filter(w -> refreshCredentialValid(w, refreshToken, now))
                .orElseThrow(() -> Problems.unauthorized("unknown worker or invalid refresh credential"));
        if (worker.state() == WorkerState.REVOKED) {
            throw Problems.forbidden("worker '" + workerId + "' is revoked");
        }
        String newRefreshToken = RefreshCredentials.generate();
        Instant refreshExpiresAt = now.plus(properties.tokens().refreshTokenTtl());
        if (workers.rotateRefreshCredential(workerId, worker.refreshTokenHash(),
                RefreshCredentials.hash(newRefreshToken), refreshExpiresAt) != 1) {
            // Another request rotated this credential first; only one of them may win.
            throw Problems.unauthorized("unknown worker or invalid refresh credential");
        }
        IssuedToken token = tokens.issueWorkerToken(workerId, worker.sessionId(), worker.role(),
                sessions.uploadLimitBytes(worker.sessionId()));
        metrics.refreshed();
        return new TokenResponse(token.value(), BEARER, token.expiresAt(), tokens.accessTokenTtl().toSeconds(),
                newRefreshToken, refreshExpiresAt);
    }

    /**
     * Records a heartbeat; a LOST worker becomes ACTIVE again (announced as a reconnect). The usual case, a worker
     * known ACTIVE, is only buffered and written with the others in one batch ({@link HeartbeatBuffer}), so it opens
     * no transaction: at 1,000 workers, beginning and committing an empty one per heartbeat was most of what a
     * heartbeat cost the registry beside the HTTP stack.
     */
    public HeartbeatResponse heartbeat(String workerId, String tokenSubject) {
        if (!workerId.equals(tokenSubject)) {
            throw Problems.forbidden("a worker may only heartbeat for itself");
        }
        Instant now = clock.instant();
        if (heartbeats.offer(workerId, now)) {
            metrics.heartbeat();
            return new HeartbeatResponse(workerId, WorkerState.ACTIVE, now);
        }
        HeartbeatResponse response = transactions.execute(status -> unbufferedHeartbeat(workerId, now));
        metrics.heartbeat();
        return response;
    }

    /** An ACTIVE worker not known to the buffer yet in one statement; anything else (LOST, REVOKED, unknown) loaded. */
    private HeartbeatResponse unbufferedHeartbeat(String workerId, Instant now) {
        if (workers.touchActive(workerId, now) == 1) {
            // While the row is locked by that update: a revocation waits for this commit, then forgets the worker,
            // so it is never remembered as ACTIVE after its revocation.
            heartbeats.knownActive(workerId);
            return new HeartbeatResponse(workerId, WorkerState.ACTIVE, now);
        }
        Worker worker = workers.findById(workerId)
                .orElseThrow(() -> Problems.notFound("unknown worker '" + workerId + "'"));
        if (worker.state() == WorkerState.REVOKED) {
            throw Problems.forbidden("worker '" + workerId + "' is revoked");
        }
        boolean cameBack = worker.heartbeat(clock.instant());
        workers.saveAndFlush(worker);
        if (cameBack) {
            events.publish(new WorkerRegistered(worker.sessionId(), workerId, worker.role(), worker.samples(),
                    worker.quality(), worker.backend(), true));
            log.info("worker {} is back", workerId);
        }
        return new HeartbeatResponse(workerId, worker.state(), worker.lastHeartbeat());
    }

    /** Revokes a worker for good (idempotent: revoking again changes nothing and announces nothing). */
    @Transactional
    public WorkerView revoke(String workerId, String reason) {
        Worker worker = workers.findById(workerId)
                .orElseThrow(() -> Problems.notFound("unknown worker '" + workerId + "'"));
        if (worker.state() == WorkerState.REVOKED) {
            return worker.view();
        }
        worker.revoke(reason, clock.instant());
        workers.saveAndFlush(worker);
        heartbeats.forget(workerId);
        events.publish(new WorkerRevoked(worker.sessionId(), workerId, reason));
        // It may not consume global models any more; only once the revocation is committed. Its broker user goes
        // too, and its open connections are closed (a failure is retried by the broker-user sweep).
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                brokerUsers.withdrawQuietly(workerId, "it was revoked");
                workerQueues.delete(workerId);
            }
        });
        metrics.revoked();
        log.info("worker {} revoked", workerId);
        return worker.view();
    }

    @Transactional(readOnly = true)
    public List<WorkerView> list(String sessionId, WorkerState state) {
        return workers.search(sessionId, state).stream().map(Worker::view).toList();
    }

    @Transactional(readOnly = true)
    public WorkerView find(String workerId) {
        return workers.findById(workerId).map(Worker::view)
                .orElseThrow(() -> Problems.notFound("unknown worker '" + workerId + "'"));
    }

    /** Workers revoked within the last access-token lifetime: tokens issued before may still be presented. */
    @Transactional(readOnly = true)
    public List<Revocation> recentRevocations() {
        Instant since = clock.instant().minus(tokens.accessTokenTtl());
        return workers.findByRevokedAtAfterOrderByRevokedAt(since).stream()
                .map(w -> new Revocation(w.workerId(), w.sessionId(), w.revokedAt()))
                .toList();
    }

    private static boolean refreshCredentialValid(Worker worker, String presented, Instant now) {
        return RefreshCredentials.matches(presented, worker.refreshTokenHash()) && worker.refreshExpiresAt().isAfter(now);
    }

    private static String outcome(ErrorResponseException e) {
        HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
        if (status == null) {
            return "error";
        }
        return switch (status) {
            case NOT_FOUND -> "unknown_session";
            case CONFLICT -> "conflict";
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case BAD_REQUEST -> "invalid";
            case GONE -> "expired";
            default -> "error";
        };
    }
}
