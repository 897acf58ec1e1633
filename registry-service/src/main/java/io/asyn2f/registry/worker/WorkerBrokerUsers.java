package io.asyn2f.registry.worker;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.registry.RegistrationResponse;
import io.asyn2f.registry.broker.RabbitManagement;
import io.asyn2f.registry.broker.WorkerPermissions;
import io.asyn2f.registry.config.RegistryProperties;
import io.asyn2f.registry.session.SessionClosed;
import io.asyn2f.registry.session.SessionService;
import io.asyn2f.registry.web.Problems;

/**
 * The broker account each worker gets. Without {@code asyn2f.registry.worker-broker.management.url}: the one shared
 * worker account. With it: a user of the worker's own, {@code asyn2f-worker-<workerId>}, with a fresh random password
 * at every registration and reconnect and the least privilege of {@link WorkerPermissions}, managed through the
 * RabbitMQ management API.
 *
 * <p>Failure order. The user is created (or its password replaced) inside the registration transaction, after the
 * worker row is written and before {@code worker.registered} is published, with bounded calls
 * ({@code management.timeout} x {@code attempts}): if the broker refuses, the registration fails (503) and nothing is
 * committed; if the transaction rolls back after the user was made, the user of a new worker is deleted again. A user
 * left over anyway (the registry died in between, or the delete failed) is deleted by the sweep, which runs every
 * {@code sweep-interval} and deletes, among the users with permissions on the worker virtual host:
 * <ul>
 *   <li>a user without a worker row, once it has been seen so for {@code session-stop-grace} (a registration in
 *       flight has no committed row yet);</li>
 *   <li>the user of a REVOKED worker (revocation deletes it at once; the sweep retries a failed delete);</li>
 *   <li>the user of a worker whose session stopped: at once if the worker is LOST or REVOKED, after
 *       {@code session-stop-grace} if it is still active (it needs its connection to read the stop and delete its
 *       queue).</li>
 * </ul>
 * A LOST worker of an open session keeps its user: a heartbeat makes it active again, and its user can do nothing but
 * read its own queue and submit to its own session. Each delete is followed by closing the user's connections:
 * RabbitMQ 3.10 already closes them when the user is deleted (measured), the explicit close covers a broker that does
 * not; the delete comes first, so the worker cannot open a new one in between.
 */
@Component
class WorkerBrokerUsers implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(WorkerBrokerUsers.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int PASSWORD_BYTES = 32;

    private final RegistryProperties.WorkerBroker broker;
    private final List<String> trustedPublishers;
    private final RabbitManagement management;
    private final WorkerRepository workers;
    private final SessionService sessions;
    private final Clock clock;
    /** Users without a worker row, and since when the sweep has seen them so. */
    private final Map<String, Instant> orphansSince = new ConcurrentHashMap<>();

    WorkerBrokerUsers(RegistryProperties properties, @Value("${spring.rabbitmq.username:guest}") String serviceUser,
            WorkerRepository workers, SessionService sessions, Clock clock) {
        this.broker = properties.workerBroker();
        this.trustedPublishers = broker.trustedPublishers().isEmpty() ? List.of(serviceUser)
                : broker.trustedPublishers();
        RegistryProperties.Management settings = broker.management();
        this.management = settings.enabled() ? new RabbitManagement(settings.url(), settings.username(),
                settings.password(), settings.timeout(), settings.attempts()) : null;
        this.workers = workers;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** Whether workers get broker users of their own. */
    boolean ownUsers() {
        return management != null;
    }

    /** The broker users whose control events workers accept. */
    List<String> trustedPublishers() {
        return trustedPublishers;
    }

    /**
     * The worker's account, made or refreshed now; call inside the registration transaction, after the worker row
     * is written. Throws a 503 problem if the broker could not be asked.
     */
    RegistrationResponse.Broker grant(Worker worker, boolean reconnect) {
        if (management == null) {
            return response(broker.username(), broker.password());
        }
        WorkerPermissions permissions = WorkerPermissions.of(worker.workerId(), worker.sessionId(), worker.role());
        String password = newPassword();
        String user = permissions.username();
        if (!reconnect && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        withdrawQuietly(worker.workerId(), "its registration was rolled back");
                    }
                }
            });
        }
        try {
            management.putUser(user, password);
            management.putPermissions(broker.virtualHost(), user, permissions.configure(), permissions.write(),
                    permissions.read());
            for (WorkerPermissions.TopicPermission topic : permissions.topics()) {
                management.putTopicPermissions(broker.virtualHost(), user, topic.exchange(), topic.write(),
                        topic.read());
            }
        } catch (RabbitManagement.ManagementException e) {
            log.warn("could not give worker {} its broker user: {}", worker.workerId(), e.getMessage());
            throw Problems.unavailable("the message broker could not be reached to create the worker's account; "
                    + "try again");
        }
        log.debug("broker user {} {}", user, reconnect ? "refreshed" : "created");
        return response(user, password);
    }

    /**
     * Deletes the worker's broker user and closes its connections (nothing to do with a shared account). Throws if
     * the broker could not be asked; the sweep tries again later.
     */
    void withdraw(String workerId) {
        if (management == null) {
            return;
        }
        String user = EventRouting.workerBrokerUser(workerId);
        management.deleteUser(user);
        management.closeConnections(user);
    }

    /** {@link #withdraw}, logging instead of throwing. */
    boolean withdrawQuietly(String workerId, String why) {
        try {
            withdraw(workerId);
            if (management != null) {
                log.info("broker user of worker {} deleted: {}", workerId, why);
            }
            return true;
        } catch (RuntimeException e) {
            log.warn("could not delete the broker user of worker {} ({}); the sweep will try again: {}", workerId,
                    why, e.toString());
            return false;
        }
    }

    /** Workers of a stopped session that are gone lose their user now; active ones after the grace (sweep). */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onSessionClosed(SessionClosed closed) {
        if (management == null) {
            return;
        }
        for (Worker worker : workers.search(closed.sessionId(), null)) {
            if (worker.state() != WorkerState.ACTIVE) {
                withdrawQuietly(worker.workerId(), "its session stopped");
            }
        }
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (management != null) {
            registrar.addFixedDelayTask(this::sweepSafely, broker.management().sweepInterval());
        }
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("broker user sweep failed; retrying in {}: {}", broker.management().sweepInterval(),
                    e.toString());
        }
    }

    /** One sweep (see the class comment); returns how many users were deleted. */
    int sweep() {
        Instant now = clock.instant();
        Set<String> orphans = new HashSet<>();
        int deleted = 0;
        for (String user : management.usersOf(broker.virtualHost(), EventRouting.WORKER_BROKER_USER_PREFIX)) {
            String workerId = user.substring(EventRouting.WORKER_BROKER_USER_PREFIX.length());
            Optional<Worker> worker = workers.findById(workerId);
            String why;
            if (worker.isEmpty()) {
                orphans.add(user);
                Instant since = orphansSince.computeIfAbsent(user, name -> now);
                why = pastGrace(since, now) ? "no such worker" : null;
            } else {
                why = reasonToDelete(worker.get(), now);
            }
            if (why != null && withdrawQuietly(workerId, why)) {
                deleted++;
            }
        }
        orphansSince.keySet().retainAll(orphans);
        return deleted;
    }

    private String reasonToDelete(Worker worker, Instant now) {
        if (worker.state() == WorkerState.REVOKED) {
            return "it is revoked";
        }
        Optional<Instant> stopped = sessions.stoppedAt(worker.sessionId());
        if (stopped.isPresent() && (worker.state() != WorkerState.ACTIVE || pastGrace(stopped.get(), now))) {
            return "its session stopped";
        }
        return null;
    }

    private boolean pastGrace(Instant since, Instant now) {
        return !since.plus(broker.management().sessionStopGrace()).isAfter(now);
    }

    private RegistrationResponse.Broker response(String username, String password) {
        return new RegistrationResponse.Broker(broker.host(), broker.port(), broker.virtualHost(), username, password,
                trustedPublishers);
    }

    /** 256 random bits; never logged. */
    private static String newPassword() {
        byte[] bytes = new byte[PASSWORD_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
