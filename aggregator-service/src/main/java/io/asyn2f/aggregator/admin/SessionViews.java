package io.asyn2f.aggregator.admin;

import java.time.Instant;
import java.util.List;

import io.asyn2f.aggregator.session.SessionConfig;
import io.asyn2f.aggregator.session.SessionState;
import io.asyn2f.aggregator.update.RecordedUpdate;

/** What the admin API returns. */
final class SessionViews {

    private SessionViews() {
    }

    record SessionSummary(String id, SessionState state, String stopReason, String strategy, String modelArchitecture,
            long currentVersion, Double lastAccuracy, Instant createdAt) {
    }

    record WorkerCounts(long activeTrainers, long activeTesters, long lost, long revoked) {
    }

    record SessionDetail(String id, SessionState state, String stopReason, String stopDetail, String strategy,
            String modelArchitecture, long currentVersion, Double lastAccuracy, long pendingUpdates,
            WorkerCounts workers, Instant createdAt, Instant startedAt, Instant lastVersionAt, Instant finishedAt,
            SessionConfig config) {
    }

    record ParticipantView(String updateId, String workerId, double weight, long staleness) {
    }

    /**
     * {@code blobStored} is false once retention deleted the blob ({@code blobDeletedAt} says when);
     * {@code fencingToken} is the session lease's token the version was committed under (null for version 0).
     */
    record VersionView(long version, Instant createdAt, String objectKey, String sha256, long sizeBytes,
            List<ParticipantView> participants, double avgQuality, double avgLoss, long totalSamples,
            double learningRate, long scheduleStep, Double accuracy, boolean pinned, boolean blobStored,
            Instant blobDeletedAt, Long fencingToken) {
    }

    /**
     * One recorded update: {@code id} orders them (the cursor of the next page), {@code version} is the version
     * that used it (USED) or the one it was set aside at (DISCARDED), {@code reason} why it was not used.
     */
    record UpdateView(long id, String updateId, String workerId, RecordedUpdate.Status status, String reason,
            Long version, long baseVersion, Instant submittedAt, Instant receivedAt) {
    }

    /** A page of updates; {@code next} is the {@code after} of the next page, null on the last one. */
    record UpdatePage(List<UpdateView> updates, Long next) {
    }

    record RejectionView(String eventId, String updateId, String workerId, String reason, String detail,
            Instant receivedAt) {
    }
}
