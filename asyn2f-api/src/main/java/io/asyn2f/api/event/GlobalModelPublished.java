package io.asyn2f.api.event;

import java.util.List;
import java.util.Objects;

/**
 * The aggregator committed global version {@code version} and its blob is readable. Carries the statistics
 * that workers need for the ASYN2F merge and the learning rate they adopt.
 *
 * @param participants  ids of the workers whose updates formed this version
 * @param avgQuality    mean data-quality score of the participants
 * @param avgLoss       mean reported training loss of the participants
 * @param totalSamples  sum of the participants' sample counts
 * @param learningRate  the learning rate workers adopt after merging this version
 */
public record GlobalModelPublished(
        String sessionId,
        long version,
        String objectKey,
        String sha256,
        long sizeBytes,
        List<String> participants,
        double avgQuality,
        double avgLoss,
        long totalSamples,
        double learningRate) implements FlEvent {

    public static final String TYPE = "global.published";

    public GlobalModelPublished {
        Ids.requireSafeId(sessionId, "sessionId");
        Ids.requireNonNegative(version, "version");
        Ids.requireText(objectKey, "objectKey");
        Ids.requireSha256Hex(sha256, "sha256");
        Ids.requireNonNegative(sizeBytes, "sizeBytes");
        participants = List.copyOf(Objects.requireNonNullElse(participants, List.of()));
        Ids.requireUnitInterval(avgQuality, "avgQuality");
        Ids.requireFinite(avgLoss, "avgLoss");
        Ids.requireNonNegative(totalSamples, "totalSamples");
        Ids.requireFinite(learningRate, "learningRate");
        if (learningRate <= 0) {
            throw new IllegalArgumentException("learningRate must be > 0, was " + learningRate);
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
