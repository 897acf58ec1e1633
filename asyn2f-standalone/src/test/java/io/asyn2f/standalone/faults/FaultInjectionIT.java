package io.asyn2f.standalone.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.asyn2f.standalone.platform.FaultPlatform;
import io.asyn2f.standalone.platform.FaultPlatform.Service;

/**
 * Faults during real sessions with real workers: the registry, storage gateway and aggregator each run as their own
 * Spring context, so one can be killed alone; PostgreSQL and RabbitMQ are the CI machine's when the environment names
 * them (embedded otherwise); the S3 store, and the broker that is restarted, are this suite's own. Each scenario
 * injects one fault after version {@value #FAULT_AT}, ends it, records how long after the fault's end the next global
 * version was committed, and then checks the {@link SessionInvariants} once the session reached its maximum version.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionIT {

    private static final Logger log = LoggerFactory.getLogger(FaultInjectionIT.class);
    private static final long FAULT_AT = 2;
    /** Faults that stop progress: a few versions after the fault are enough. */
    private static final long SHORT = FAULT_AT + 3;
    /**
     * Faults that slow progress down but do not stop it: room for the versions made during the fault (about 8 in 20 s
     * on an idle machine) and a few after it. A session that still ends during the fault has nothing to recover.
     */
    private static final long LONG = FAULT_AT + 12;
    private static final Duration OUTAGE = Duration.ofSeconds(20);
    /** Bound on the wait for a version; generous, since the suite runs beside other builds on 2 cores. */
    private static final Duration PROGRESS = Duration.ofSeconds(180);
    /** Slowed trainers (under a version a second on two cores): a session outlasts a 20 s fault. */
    private static final double SLOWDOWN = 12.0;
    private static final Map<String, Duration> RECOVERY = new ConcurrentHashMap<>();

    private Path folder;
    private FaultPlatform platform;
    private DeadLetters deadLetters;

    @BeforeAll
    void startPlatform() throws Exception {
        folder = Files.createTempDirectory("asyn2f-faults-");
        platform = FaultPlatform.start(folder.resolve("store"), false);
        deadLetters = new DeadLetters(platform);
    }

    @AfterAll
    void stopPlatform() throws Exception {
        if (platform != null) {
            platform.close();
        }
        StringBuilder table = new StringBuilder("fault -> next global version after the fault's end\n");
        RECOVERY.forEach((fault, time) -> table.append(String.format(Locale.ROOT, "  %-40s %6.1f s%n", fault,
                time.toMillis() / 1000.0)));
        log.info("recovery times:\n{}", table);
        Files.writeString(Path.of("target", "fault-recovery.txt"), table);
    }

    @Test
    void shouldRecoverWhenTheAggregatorDiesBetweenBlobWriteAndCommit() throws Exception {
        try (FaultSession session = new FaultSession(platform, folder, SHORT, SLOWDOWN)) {
            session.awaitVersion(FAULT_AT, PROGRESS);
            platform.aggregatorCrash().arm();
            String orphan = platform.aggregatorCrash().awaitBlobWritten(60, TimeUnit.SECONDS);
            long committed = session.committedVersion();
            platform.aggregatorCrash().kill();
            platform.stop(Service.AGGREGATOR);
            // The crash came between the two steps: the blob of the next version is in the store, its row is not.
            assertThat(orphan).endsWith("/global/" + (committed + 1) + ".a2fm");
            assertThat(session.committedVersion()).isEqualTo(committed);
            assertThat(platform.storeClient().statObject(io.minio.StatObjectArgs.builder().bucket("asyn2f")
                    .object(orphan).build()).size()).isPositive();

            platform.aggregatorCrash().revive();
            Instant faultEnd = Instant.now();
            platform.start(Service.AGGREGATOR);
            record("aggregator killed, restarted", session.awaitRecovery(faultEnd, PROGRESS));

            SessionInvariants.assertHeld(platform, session, deadLetters);
        }
    }

    @Test
    void shouldRecoverWhenEveryBrokerConnectionIsClosed() throws Exception {
        FaultPlatform own = platform.ownsBroker() ? platform : FaultPlatform.start(folder.resolve("own-broker"), true);
        DeadLetters ownDeadLetters = own == platform ? deadLetters : new DeadLetters(own);
        try (FaultSession session = new FaultSession(own, folder, SHORT, SLOWDOWN)) {
            session.awaitVersion(FAULT_AT, PROGRESS);
            // A restarted in-memory broker has lost everything: keep what was dead-lettered so far.
            ownDeadLetters.drain(session.workerIds());
            own.restartBroker();
            Instant faultEnd = Instant.now();
            record("broker connections closed (restart)", session.awaitRecovery(faultEnd, PROGRESS));

            SessionInvariants.assertHeld(own, session, ownDeadLetters);
        } finally {
            if (own != platform) {
                own.close();
            }
        }
    }

    /**
     * The unlucky start order: the session is opened (session.opened published) while the registry is not running.
     * The aggregator declared the registry's queue before publishing, so the event waits there; the registry comes
     * up and learns the session. The session's enrollment token can only be issued by the registry: the operator's
     * request is retried until the registry is up and knows the session (404 until then), and the workers join with
     * it. Its own broker, so the queues have the names the services declare for each other.
     */
    @Test
    void shouldLetWorkersJoinASessionOpenedWhileTheRegistryWasNotRunning() throws Exception {
        try (FaultPlatform own = FaultPlatform.start(folder.resolve("unlucky-order"), true)) {
            DeadLetters ownDeadLetters = new DeadLetters(own);
            own.stop(Service.REGISTRY);
            try (FaultSession session = new FaultSession(own, folder, SHORT, 1.0, 1, null, false)) {
                // session.opened has reached the broker (that is what moves a session out of CREATED).
                await().atMost(PROGRESS).until(() -> !"CREATED".equals(
                        own.admin().session(session.id()).path("state").asString()));
                Instant faultEnd = Instant.now();
                own.start(Service.REGISTRY);
                session.enrollAndStartWorkers();
                record("registry started after the session", session.awaitRecovery(faultEnd, PROGRESS));

                SessionInvariants.assertHeld(own, session, ownDeadLetters);
            }
        }
    }

    @Test
    void shouldRecoverWhenTheStoreIsDownFor20Seconds() throws Exception {
        try (FaultSession session = new FaultSession(platform, folder, SHORT, SLOWDOWN)) {
            session.awaitVersion(FAULT_AT, PROGRESS);
            platform.stopStore();
            outage();
            Instant faultEnd = Instant.now();
            platform.startStore();
            record("store down 20 s", session.awaitRecovery(faultEnd, PROGRESS));

            SessionInvariants.assertHeld(platform, session, deadLetters);
        }
    }

    /** Training needs no registry, so versions go on during the outage: trainers exchange less often here. */
    @Test
    void shouldRecoverWhenTheRegistryIsDownFor20Seconds() throws Exception {
        try (FaultSession session = new FaultSession(platform, folder, LONG, SLOWDOWN, 4)) {
            session.awaitVersion(FAULT_AT, PROGRESS);
            platform.stop(Service.REGISTRY);
            outage();
            Instant faultEnd = Instant.now();
            platform.start(Service.REGISTRY);
            record("registry down 20 s", session.awaitRecovery(faultEnd, PROGRESS));

            SessionInvariants.assertHeld(platform, session, deadLetters);
        }
    }

    @Test
    void shouldMarkAKilledTrainerLostAndLetItRejoinAsItself() throws Exception {
        try (FaultSession session = new FaultSession(platform, folder, SHORT + 2, SLOWDOWN)) {
            session.awaitVersion(FAULT_AT, PROGRESS);
            String trainer = session.trainerId(1);
            session.killTrainer(1);
            await("trainer " + trainer + " lost").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> session.aggregatorWorkerState(trainer).orElse("").equals("LOST"));
            long beforeRejoin = session.committedVersion();

            Instant faultEnd = Instant.now();
            session.restartTrainer(1);
            await("trainer " + trainer + " active again").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> session.aggregatorWorkerState(trainer).orElse("").equals("ACTIVE"));
            assertThat(session.trainerId(1)).isEqualTo(trainer);
            assertThat(session.trainerRows()).as("trainers the aggregator knows").isEqualTo(FaultSession.TRAINERS);
            record("trainer killed, restarted", session.awaitRecovery(faultEnd, PROGRESS));
            await("an update of the rejoined trainer in a version").atMost(PROGRESS)
                    .pollInterval(Duration.ofMillis(200)).until(() -> session.contributedAfter(trainer, beforeRejoin));

            SessionInvariants.assertHeld(platform, session, deadLetters);
        }
    }

    @Test
    void shouldKeepGoingWhileTheCpuIsSaturated() throws Exception {
        try (FaultSession session = new FaultSession(platform, folder, LONG, SLOWDOWN)) {
            session.awaitVersion(FAULT_AT, PROGRESS);
            AtomicBoolean busy = new AtomicBoolean(true);
            List<Thread> spinners = new ArrayList<>();
            for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
                Thread spinner = new Thread(() -> {
                    long x = 0;
                    while (busy.get()) {
                        x += System.nanoTime() % 7;
                    }
                    if (x == 42) {
                        log.trace("unlikely");
                    }
                }, "busy-" + i);
                spinner.setDaemon(true);
                spinner.start();
                spinners.add(spinner);
            }
            long before = session.committedVersion();
            outage();
            long during = session.committedVersion() - before;
            busy.set(false);
            for (Thread spinner : spinners) {
                spinner.join();
            }
            Instant faultEnd = Instant.now();
            log.info("versions committed during 20 s of saturated CPU: {}", during);
            record("CPU saturated 20 s", session.awaitRecovery(faultEnd, PROGRESS));

            SessionInvariants.assertHeld(platform, session, deadLetters);
        }
    }

    /** The length of an outage: a fixed time, not a synchronisation. */
    private static void outage() {
        await().pollDelay(OUTAGE).atMost(OUTAGE.plusSeconds(5)).until(() -> true);
    }

    private static void record(String fault, Duration recovery) {
        RECOVERY.put(fault, recovery);
        log.info("RECOVERY {}: next global version {} ms after the fault ended", fault, recovery.toMillis());
    }
}
