package io.asyn2f.aggregator.aggregation;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.asyn2f.aggregator.lifecycle.SessionLifecycle;
import io.asyn2f.aggregator.metrics.AggregatorMetrics;
import io.asyn2f.aggregator.session.SessionConfigs;
import io.asyn2f.aggregator.session.SessionRuntime;
import io.asyn2f.aggregator.session.SessionState;
import io.asyn2f.aggregator.session.SessionWorkerRepository;
import io.asyn2f.aggregator.session.TrainingSession;
import io.asyn2f.aggregator.session.TrainingSessionRepository;
import io.asyn2f.aggregator.storage.ModelStore;
import io.asyn2f.aggregator.update.RecordedUpdate;
import io.asyn2f.aggregator.update.RecordedUpdateRepository;
import io.asyn2f.aggregator.update.VerifiedUpdateCache;
import io.asyn2f.aggregator.version.GlobalVersion;
import io.asyn2f.aggregator.version.GlobalVersionRepository;
import io.asyn2f.api.event.RejectionReason;
import io.asyn2f.api.event.SessionStopped.StopReason;
import io.asyn2f.api.event.WorkerRole;
import io.asyn2f.api.model.BlobSummary;
import io.asyn2f.api.model.ModelFormatException;
import io.asyn2f.api.storage.ObjectKeys;
import io.asyn2f.core.aggregation.AggregationContext;
import io.asyn2f.core.aggregation.AggregationResult;
import io.asyn2f.core.aggregation.GlobalModel;
import io.asyn2f.core.aggregation.Overflow;
import io.asyn2f.core.aggregation.Participant;
import io.asyn2f.core.aggregation.Selection;
import io.asyn2f.core.aggregation.UpdateInfo;
import io.asyn2f.core.aggregation.UpdateSource;
import io.asyn2f.core.schedule.ScheduleProgress;
import io.asyn2f.s3.S3Properties;

/**
 * One aggregation step of a session: ask the strategy (from metadata in PostgreSQL), load the current global model
 * and stream the selected updates into the new version one at a time (from memory where intake verified the update,
 * or this instance committed that version: {@link VerifiedUpdateCache}, {@link CommittedModelCache}; else from the
 * store), so the memory an aggregation needs does not grow with its number of updates; write the new blob
 * FIRST, then commit the version in one transaction ({@link VersionCommitter}). If the commit loses (the session
 * was stopped or moved on meanwhile) or fails, the blob is deleted again unless the session reached that version
 * after all, so no uncommitted {@code global/{v}.a2fm} stays where readers look for committed versions. A crash
 * between write and commit leaves an unreferenced blob that the next attempt overwrites.
 *
 * <p>Only the holder of the session's lease ({@link SessionLeases}) aggregates: it renews the lease right before the
 * write, writes only while the lease outlasts the store's call timeout, and commits under the lease's token. An
 * instance that lost the lease commits nothing and leaves the key alone, since the new holder may have written it.
 */
@Component
class AggregationRunner {

    private static final Logger log = LoggerFactory.getLogger(AggregationRunner.class);

    private final TrainingSessionRepository sessions;
    private final RecordedUpdateRepository updates;
    private final GlobalVersionRepository versions;
    private final SessionWorkerRepository workers;
    private final SessionConfigs configs;
    private final ModelStore store;
    private final VersionCommitter committer;
    private final SessionLifecycle lifecycle;
    private final AggregatorMetrics metrics;
    private final SessionLeases leases;
    private final Duration storeCallTimeout;
    private final VerifiedUpdateCache verifiedUpdates;
    private final CommittedModelCache committedModels;

    AggregationRunner(TrainingSessionRepository sessions, RecordedUpdateRepository updates,
            GlobalVersionRepository versions, SessionWorkerRepository workers, SessionConfigs configs, ModelStore store,
            VersionCommitter committer, SessionLifecycle lifecycle, AggregatorMetrics metrics, SessionLeases leases,
            S3Properties s3, VerifiedUpdateCache verifiedUpdates, CommittedModelCache committedModels) {
        this.sessions = sessions;
        this.updates = updates;
        this.versions = versions;
        this.workers = workers;
        this.configs = configs;
        this.store = store;
        this.committer = committer;
        this.lifecycle = lifecycle;
        this.metrics = metrics;
        this.leases = leases;
        this.storeCallTimeout = s3.callTimeout();
        this.verifiedUpdates = verifiedUpdates;
        this.committedModels = committedModels;
    }

    /**
     * Returns true if a version was committed or an update was dropped (the caller then asks again). False also
     * while another instance holds the session's lease: the timer offers pending updates again at every tick, so
     * this instance takes over once that lease expires.
     */
    boolean runOnce(String sessionId) {
        TrainingSession session = sessions.findById(sessionId).orElse(null);
        if (session == null || session.state() != SessionState.RUNNING) {
            return false;
        }
        long selectStarted = System.nanoTime();
        List<RecordedUpdate> pending = updates.findBySessionIdAndStatusOrderById(sessionId,
                RecordedUpdate.Status.PENDING);
        if (pending.isEmpty()) {
            return false;
        }
        SessionLeases.Lease lease = leases.acquire(sessionId).orElse(null);
        if (lease == null) {
            log.debug("session {}: another aggregator holds its lease", sessionId);
            return false;
        }
        SessionRuntime runtime = configs.runtime(session);
        if (runtime.maxStaleness() > 0) {
            List<String> stale = pending.stream()
                    .filter(u -> session.currentVersion() + 1 - u.info().baseVersion() > runtime.maxStaleness())
                    .map(RecordedUpdate::updateId).toList();
            if (!stale.isEmpty()) {
                committer.discard(sessionId, session.currentVersion(), stale, "STALE: built on a version more than "
                        + runtime.maxStaleness() + " versions before " + (session.currentVersion() + 1));
                verifiedUpdates.remove(sessionId, stale);
                metrics.updateRejected(RejectionReason.STALE.name());
                return true; // ask again with what is left
            }
        }
        Instant now = Instant.now();
        boolean maxWaitElapsed = !now.isBefore(session.lastVersionAt().plus(runtime.maxWait()));
        AggregationContext context = new AggregationContext(session.currentVersion(),
                new HashSet<>(workers.findActive(sessionId, WorkerRole.TRAINER)), maxWaitElapsed);
        Selection selection = runtime.aggregation().select(pending.stream().map(RecordedUpdate::info).toList(),
                context);
        metrics.stageSince(AggregatorMetrics.AGGREGATION_SELECT, selectStarted);
        if (!selection.ready()) {
            if (!selection.discard().isEmpty()) {
                committer.discard(sessionId, session.currentVersion(), ids(selection.discard()));
                verifiedUpdates.remove(sessionId, ids(selection.discard()));
            }
            return false;
        }
        long started = System.nanoTime();
        Map<String, RecordedUpdate> byId = pending.stream()
                .collect(Collectors.toMap(RecordedUpdate::updateId, Function.identity()));
        GlobalModel current;
        long globalStarted = System.nanoTime();
        try {
            current = new GlobalModel(session.currentVersion(), currentGlobal(sessionId, session.currentVersion(),
                    runtime));
        } catch (ModelFormatException | ModelStore.MissingObjectException e) {
            log.error("global version {} of session {} is unreadable; the session fails", session.currentVersion(),
                    sessionId, e);
            lifecycle.finish(sessionId, StopReason.FAILED,
                    "global version " + session.currentVersion() + " is unreadable: " + e.getMessage());
            return false;
        } catch (IOException e) {
            throw new ModelStore.StoreException("reading the global model failed", e);
        }
        long globalLoad = System.nanoTime() - globalStarted;
        // Streamed: the weights come from the metadata, each update's parameters are loaded when the sum needs
        // them and let go after; only a robust rule holds them all (BoundedStrategy bounds how many).
        SelectedUpdates inputs = new SelectedUpdates(sessionId, byId, runtime);
        AggregationResult result;
        long sumStarted = System.nanoTime();
        try {
            result = runtime.aggregation().aggregate(current, selection.aggregate(), inputs);
            int overflow = Overflow.firstNonFinite(result.parameters());
            if (overflow >= 0) {
                // Never a version that cannot be stored: the update furthest from the global model there goes.
                UpdateInfo culprit = Overflow.culprit(current, runtime.strategy().updateKind(), selection.aggregate(),
                        inputs, overflow);
                return dropChanged(byId.get(culprit.updateId()), RejectionReason.OVERFLOW, "aggregating it makes "
                        + "parameter " + overflow + " of version " + result.version() + " non-finite");
            }
        } catch (UnusableUpdateException e) {
            return dropChanged(e.update, e.reason, e.getMessage());
        } finally {
            metrics.stage(AggregatorMetrics.AGGREGATION_LOAD, globalLoad + inputs.loadNanos);
            metrics.stage(AggregatorMetrics.AGGREGATION_SUM, System.nanoTime() - sumStarted - inputs.loadNanos);
        }
        String key = ObjectKeys.globalModel(sessionId, result.version());
        SessionLeases.Lease renewed = leases.acquire(sessionId).orElse(null);
        if (renewed == null || renewed.token() != lease.token()
                || !SessionLeases.mayWrite(renewed, storeCallTimeout)) {
            log.warn("session {}: lost its lease while aggregating version {}, or too little of it is left for the "
                    + "write; nothing written", sessionId, result.version());
            return false;
        }
        long writeStarted = System.nanoTime();
        BlobSummary summary = store.writeModel(key, runtime.architecture().fingerprint(), result.parameters());
        metrics.stageSince(AggregatorMetrics.AGGREGATION_WRITE, writeStarted);
        long step = scheduleStep(sessionId, session.currentVersion(), selection.aggregate());
        VersionCommitter.Outcome outcome;
        long commitStarted = System.nanoTime();
        try {
            outcome = committer.commit(renewed, session.currentVersion(), result, key, summary, step,
                    runtime.schedule().at(step), ids(selection.discard()), runtime.config().stop());
        } catch (RuntimeException e) {
            deleteUncommitted(renewed, session.currentVersion(), key);
            throw e;
        } finally {
            metrics.stageSince(AggregatorMetrics.AGGREGATION_COMMIT, commitStarted);
        }
        if (outcome == VersionCommitter.Outcome.LEASE_LOST) {
            log.warn("session {}: another aggregator took its lease before version {} was committed; its blob is "
                    + "left to the new holder", sessionId, result.version());
            return false;
        }
        if (outcome != VersionCommitter.Outcome.COMMITTED) {
            deleteUncommitted(renewed, session.currentVersion(), key);
            return false;
        }
        committedModels.committed(sessionId, result.version(), summary.sha256Hex(), result.parameters());
        verifiedUpdates.remove(sessionId, ids(selection.aggregate()));
        verifiedUpdates.remove(sessionId, ids(selection.discard()));
        String strategy = runtime.strategy().name();
        metrics.aggregated(strategy, Duration.ofNanos(System.nanoTime() - started));
        metrics.version(sessionId, result.version());
        Instant committedAt = Instant.now();
        for (Participant participant : result.participants()) {
            metrics.staleness(strategy, participant.staleness());
            metrics.updateLatency(Duration.between(byId.get(participant.updateId()).submittedAt(), committedAt));
        }
        log.info("session {}: version {} from {} update(s) ({})", sessionId, result.version(),
                result.participants().size(), strategy);
        return true;
    }

    /**
     * The parameters of global version {@code current}: the ones this instance committed if it still holds them and
     * they are what the version's row records (same sha-256), else read from the store.
     */
    private float[] currentGlobal(String sessionId, long current, SessionRuntime runtime) throws IOException {
        String committedSha = versions.findById(new GlobalVersion.Key(sessionId, current))
                .map(GlobalVersion::sha256).orElse(null);
        float[] kept = committedSha == null ? null : committedModels.get(sessionId, current, committedSha);
        if (kept != null) {
            return kept;
        }
        return store.read(ObjectKeys.globalModel(sessionId, current), runtime.globalReader()).blob().parameters();
    }

    /** The schedule's step of the version after {@code current}: it advances with the work in it, not per version. */
    private long scheduleStep(String sessionId, long current, List<UpdateInfo> aggregated) {
        long previous = versions.findById(new GlobalVersion.Key(sessionId, current))
                .map(GlobalVersion::scheduleStep).orElse(current);
        long newestBase = aggregated.stream().mapToLong(UpdateInfo::baseVersion).max().orElse(current);
        return ScheduleProgress.next(previous, Math.min(newestBase, current));
    }

    /**
     * Deletes the blob written for version {@code base + 1} if the session is still at {@code base} and this instance
     * still holds the lease it was written under (else the key may hold the new holder's blob by now).
     */
    private void deleteUncommitted(SessionLeases.Lease lease, long base, String key) {
        String sessionId = lease.sessionId();
        try {
            boolean committedAfterAll = sessions.findById(sessionId)
                    .map(current -> current.currentVersion() != base).orElse(false);
            boolean stillHeld = leases.acquire(sessionId).map(now -> now.token() == lease.token()).orElse(false);
            if (!committedAfterAll && stillHeld) {
                store.delete(key);
                log.info("session {}: version {} was not committed; deleted its blob {}", sessionId, base + 1, key);
            }
        } catch (RuntimeException e) {
            log.warn("session {}: could not delete the uncommitted blob {}", sessionId, key, e);
        }
    }

    private boolean dropChanged(RecordedUpdate update, RejectionReason reason, String detail) {
        log.warn("update {} of session {} is no longer usable: {}", update.updateId(), update.sessionId(), detail);
        committer.reject(update.updateId(), reason + ": " + detail);
        verifiedUpdates.remove(update.sessionId(), List.of(update.updateId()));
        metrics.updateRejected(reason.name());
        return true;
    }

    /**
     * The selected updates' parameters, one at a time: from {@link VerifiedUpdateCache} where intake left them, else
     * read from the store and verified against the recorded sha-256 again. Nothing is kept here, so an update read
     * from the store is garbage once the sum has it. An update that changed or went missing abandons the aggregation
     * ({@link UnusableUpdateException}); the caller drops it and asks again.
     */
    private final class SelectedUpdates implements UpdateSource {

        private final String sessionId;
        private final Map<String, RecordedUpdate> byId;
        private final SessionRuntime runtime;
        /** Time spent loading, over every pass. */
        private long loadNanos;

        SelectedUpdates(String sessionId, Map<String, RecordedUpdate> byId, SessionRuntime runtime) {
            this.sessionId = sessionId;
            this.byId = byId;
            this.runtime = runtime;
        }

        @Override
        public float[] parameters(int index, UpdateInfo info) {
            long started = System.nanoTime();
            try {
                return load(byId.get(info.updateId()));
            } finally {
                loadNanos += System.nanoTime() - started;
            }
        }

        private float[] load(RecordedUpdate update) {
            float[] verified = verifiedUpdates.get(sessionId, update.updateId(), update.objectKey(), update.sha256());
            if (verified != null) {
                return verified;
            }
            try {
                ModelStore.VerifiedBlob blob = store.read(update.objectKey(), runtime.updateReader());
                if (!blob.sha256().equals(update.sha256())) {
                    throw new UnusableUpdateException(update, RejectionReason.CHANGED_IN_STORE,
                            "the object's sha-256 is now " + blob.sha256());
                }
                return blob.blob().parameters();
            } catch (ModelFormatException e) {
                throw new UnusableUpdateException(update, RejectionReason.CHANGED_IN_STORE,
                        e.reason() + ": " + e.getMessage());
            } catch (ModelStore.MissingObjectException e) {
                throw new UnusableUpdateException(update, RejectionReason.OBJECT_MISSING, e.getMessage());
            } catch (IOException e) {
                throw new ModelStore.StoreException("reading update " + update.updateId() + " failed", e);
            }
        }
    }

    /** A selected update that can no longer be aggregated; thrown out of the streamed aggregation to abandon it. */
    private static final class UnusableUpdateException extends RuntimeException {

        private final transient RecordedUpdate update;
        private final RejectionReason reason;

        UnusableUpdateException(RecordedUpdate update, RejectionReason reason, String detail) {
            super(detail, null, false, false);
            this.update = update;
            this.reason = reason;
        }
    }

    private static List<String> ids(List<UpdateInfo> infos) {
        return infos.stream().map(UpdateInfo::updateId).toList();
    }
}
