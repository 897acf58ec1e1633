package io.asyn2f.aggregator.retention;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.asyn2f.aggregator.config.AggregatorProperties;
import io.asyn2f.aggregator.metrics.AggregatorMetrics;
import io.asyn2f.aggregator.retention.RetentionPolicy.StoredUpdate;
import io.asyn2f.aggregator.retention.RetentionPolicy.StoredVersion;
import io.asyn2f.aggregator.session.TrainingSession;
import io.asyn2f.aggregator.session.TrainingSessionRepository;
import io.asyn2f.aggregator.storage.ModelStore;
import io.asyn2f.aggregator.update.RecordedUpdate;
import io.asyn2f.aggregator.update.RecordedUpdateRepository;
import io.asyn2f.aggregator.version.GlobalVersion;
import io.asyn2f.aggregator.version.GlobalVersionRepository;

/**
 * Keeps the object store flat in a long session: every {@code retention.interval} it deletes, per session, the
 * objects of consumed updates and the blobs of global versions older than the newest K that are not pinned
 * ({@link RetentionPolicy}). The store is deleted from first and the row marked only after that succeeded, so a
 * failed delete is simply found again by the next sweep (deleting an object that is already gone is fine).
 *
 * <p>A version's blob is deleted while its row is locked, the same lock pinning takes: a pin either lands first (and
 * the sweeper sees it) or finds the blob deleted (and is refused), never a pinned version without a blob.
 */
@Component
class RetentionSweeper {

    private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);

    private final TrainingSessionRepository sessions;
    private final GlobalVersionRepository versions;
    private final RecordedUpdateRepository updates;
    private final ModelStore store;
    private final AggregatorMetrics metrics;
    private final AggregatorProperties.Retention retention;
    private final TransactionTemplate transactions;

    RetentionSweeper(TrainingSessionRepository sessions, GlobalVersionRepository versions,
            RecordedUpdateRepository updates, ModelStore store, AggregatorMetrics metrics,
            AggregatorProperties properties, PlatformTransactionManager transactionManager) {
        this.sessions = sessions;
        this.versions = versions;
        this.updates = updates;
        this.store = store;
        this.metrics = metrics;
        this.retention = properties.retention();
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @Scheduled(fixedDelayString = "${asyn2f.aggregator.retention.interval:PT30S}",
            initialDelayString = "${asyn2f.aggregator.retention.interval:PT30S}")
    void sweep() {
        for (TrainingSession session : sessions.findAll()) {
            try {
                if (retention.deleteConsumedUpdates()) {
                    sweepUpdates(session.id());
                }
                sweepVersions(session.id());
            } catch (RuntimeException e) {
                // The next sweep tries again; one session's trouble must not stop the others'.
                log.warn("retention sweep of session {} failed", session.id(), e);
            }
        }
    }

    private void sweepUpdates(String sessionId) {
        List<RecordedUpdate> consumed = updates.findTop500BySessionIdAndStatusNotAndObjectDeletedAtIsNullOrderById(
                sessionId, RecordedUpdate.Status.PENDING);
        if (consumed.isEmpty()) {
            return;
        }
        Set<String> pendingKeys = updates.findBySessionIdAndStatusOrderById(sessionId, RecordedUpdate.Status.PENDING)
                .stream().map(RecordedUpdate::objectKey).collect(Collectors.toSet());
        Map<Long, RecordedUpdate> byId = consumed.stream()
                .collect(Collectors.toMap(RecordedUpdate::id, u -> u));
        Map<String, List<Long>> deletable = RetentionPolicy.deletableUpdates(consumed.stream()
                .map(u -> new StoredUpdate(u.id(), u.objectKey(), u.status(), u.objectDeletedAt() == null))
                .toList(), pendingKeys);
        for (Map.Entry<String, List<Long>> entry : deletable.entrySet()) {
            try {
                store.delete(entry.getKey());
            } catch (ModelStore.StoreException e) {
                log.warn("session {}: could not delete update object {}; retrying on the next sweep", sessionId,
                        entry.getKey(), e);
                continue;
            }
            Instant now = Instant.now();
            transactions.executeWithoutResult(status ->
                    updates.findAllById(entry.getValue()).forEach(u -> u.objectDeleted(now)));
            metrics.retentionDeleted(AggregatorMetrics.RETENTION_UPDATE, byId.get(entry.getValue().get(0)).sizeBytes());
        }
        if (!deletable.isEmpty()) {
            log.debug("session {}: deleted {} consumed update object(s)", sessionId, deletable.size());
        }
    }

    private void sweepVersions(String sessionId) {
        List<Long> deletable = RetentionPolicy.deletableVersions(versions.findBySession(sessionId).stream()
                .map(v -> new StoredVersion(v.version(), v.pinned(), v.blobStored())).toList(),
                retention.keepGlobalVersions());
        for (long version : deletable) {
            try {
                Long deletedBytes = transactions.execute(status -> {
                    GlobalVersion locked = versions.findForUpdate(sessionId, version).orElse(null);
                    if (locked == null || locked.pinned() || !locked.blobStored()) {
                        return null; // pinned (or swept) since the selection
                    }
                    store.delete(locked.objectKey());
                    locked.blobDeleted(Instant.now());
                    return locked.sizeBytes();
                });
                if (deletedBytes != null) {
                    metrics.retentionDeleted(AggregatorMetrics.RETENTION_GLOBAL, deletedBytes);
                    log.debug("session {}: deleted the blob of global version {} (retention keeps the newest {} "
                            + "and pinned ones)", sessionId, version, retention.keepGlobalVersions());
                }
            } catch (RuntimeException e) {
                log.warn("session {}: could not delete the blob of global version {}; retrying on the next sweep",
                        sessionId, version, e);
            }
        }
    }
}
