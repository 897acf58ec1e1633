package io.asyn2f.aggregator;

import static io.asyn2f.aggregator.support.FlTestClient.Registration.trainer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.asyn2f.aggregator.session.SessionWorker;
import io.asyn2f.aggregator.session.SessionWorkerRepository;
import io.asyn2f.aggregator.session.TrainingSessionRepository;
import io.asyn2f.aggregator.support.AggregatorITSupport;
import io.asyn2f.aggregator.support.FlTestClient;
import io.asyn2f.aggregator.support.FlTestClient.Upload;
import io.asyn2f.aggregator.update.RecordedUpdateRepository;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.model.BlobKind;

/**
 * The session-row locks in the order that matters, forced: a test transaction takes the row the way a version commit
 * or a revocation does and holds it while an update comes in. A commit's lock must not stop intake (it did, and
 * intake then waited on back-to-back commits under load); a revocation's must, so the update is refused once the
 * revocation commits.
 */
class IntakeLockOrderIT extends AggregatorITSupport {


    @Autowired
    TrainingSessionRepository sessions;

    @Autowired
    SessionWorkerRepository workers;

    @Autowired
    RecordedUpdateRepository updates;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    JdbcTemplate jdbc;

    /** The event id of the update {@link #submit} sent last. */
    private String lastEventId;

    @Test
    void shouldRecordAnUpdateWhileAVersionCommitHoldsTheSessionRow() throws Exception {
        String id = runningSession();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> commit = holdSessionRow(id, true, release, session -> { });
        try {
            String updateId = submit(id);
            await().atMost(TIMEOUT).until(() -> updates.findByUpdateId(updateId).isPresent());
            assertThat(commit).as("the commit's transaction still holds the row").isNotDone();
        } finally {
            release.countDown();
        }
        commit.get(30, TimeUnit.SECONDS);
    }

    @Test
    void shouldRefuseAnUpdateWhoseWorkerIsRevokedWhileItsRecordingWaits() throws Exception {
        String id = runningSession();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> revocation = holdSessionRow(id, false, release, session ->
                workers.findById(new SessionWorker.Key(id, "w1")).orElseThrow()
                        .changeState(SessionWorker.State.REVOKED, Instant.now()));
        String updateId;
        try {
            updateId = submit(id);
            // The intake passed its first checks (the worker was active) and now waits for the row.
            await().atMost(TIMEOUT).until(() -> waitingForKeyShare() > 0);
        } finally {
            release.countDown();
        }
        revocation.get(30, TimeUnit.SECONDS);
        assertThat(updateDeadLetters.awaitReason(lastEventId)).startsWith("WORKER_REVOKED");
        assertThat(updates.findByUpdateId(updateId)).isEmpty();
    }

    private String runningSession() {
        String id = runningSession("{\"name\":\"asyn2f\",\"m\":2}",
                "\"minWorkers\":1,\"maxWait\":\"PT10M\"",
                trainer("w1"));
        return id;
    }

    private String submit(String sessionId) {
        Upload upload = fl.upload(sessionId, "w1", ARCH, BlobKind.WEIGHTS, PARAMS);
        String updateId = "u-" + UUID.randomUUID();
        EventEnvelope sent = fl.submit(FlTestClient.update(updateId, sessionId, "w1", upload, 0, 100, 0.9, 0.5,
                UpdateKind.MODEL));
        lastEventId = sent.eventId();
        return updateId;
    }

    /**
     * Takes the session row in a transaction of its own, as a version commit ({@code asCommit}) or as a revocation or
     * stop does, runs {@code whileHeld} in it once released, and commits. Returns once the row is held.
     */
    private CompletableFuture<Void> holdSessionRow(String sessionId, boolean asCommit, CountDownLatch release,
            Consumer<String> whileHeld) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(status -> {
            (asCommit ? sessions.findForNoKeyUpdate(sessionId) : sessions.findForUpdate(sessionId)).orElseThrow();
            held.countDown();
            try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            whileHeld.accept(sessionId);
        }));
        assertThat(held.await(30, TimeUnit.SECONDS)).as("the test transaction took the session row").isTrue();
        return done;
    }

    private int waitingForKeyShare() {
        Integer waiting = jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                + " and query like '%for key share%'", Integer.class);
        return waiting == null ? 0 : waiting;
    }
}
