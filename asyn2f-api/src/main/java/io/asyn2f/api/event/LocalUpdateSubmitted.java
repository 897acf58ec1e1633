package io.asyn2f.api.event;

import java.util.Objects;

/**
 * A trainer uploaded a local model (or delta) and announces it. The blob lies in object storage under the
 * worker's own prefix; {@code sha256} and {@code sizeBytes} describe the whole blob as uploaded.
 *
 * @param updateId    unique per update; the aggregator processes each id at most once
 * @param baseVersion the global version this update was trained from
 * @param samples     number of training samples of the worker
 * @param quality     the worker's data-quality score in [0, 1]
 * @param loss        the worker's training loss at the time of the update
 * @param accuracy    the worker's training accuracy at the time of the update
 * @param epoch       the worker's local epoch count
 */
public record LocalUpdateSubmitted(
        String updateId,
        String sessionId,
        String workerId,
        String objectKey,
        String sha256,
        long sizeBytes,
        long baseVersion,
        long samples,
        double quality,
        double loss,
        double accuracy,
        int epoch,
        UpdateKind kind) implements FlEvent {

    public static final String TYPE = "update.submitted";

    public LocalUpdateSubmitted {
        Ids.requireSafeId(updateId, "updateId");
        Ids.requireSafeId(sessionId, "sessionId");
        Ids.requireSafeId(workerId, "workerId");
        Ids.requireText(objectKey, "objectKey");
        Ids.requireSha256Hex(sha256, "sha256");
        Ids.requireNonNegative(sizeBytes, "sizeBytes");
        Ids.requireNonNegative(baseVersion, "baseVersion");
        Ids.requireNonNegative(samples, "samples");
        Ids.requireUnitInterval(quality, "quality");
        Ids.requireFinite(loss, "loss");
        if (loss < 0) {
            throw new IllegalArgumentException("loss must be >= 0, was " + loss);
        }
        Ids.requireUnitInterval(accuracy, "accuracy");
        Ids.requireNonNegative(epoch, "epoch");
        kind = Objects.requireNonNullElse(kind, UpdateKind.MODEL);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
