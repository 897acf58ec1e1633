package io.asyn2f.api.event;

import java.util.Objects;

import io.asyn2f.api.session.TrainingConfig;

/**
 * A session was created and accepts workers. Published by the aggregator; the registry learns sessions from it and
 * hands {@code trainingConfig} to each worker that registers.
 *
 * @param strategy          the server-side strategy's name, e.g. {@code asyn2f}
 * @param modelArchitecture the canonical architecture descriptor, e.g. {@code mlp:784-128-10}
 * @param uploadLimitBytes  the largest blob a worker may upload in this session
 * @param trainingConfig    what workers need to train ({@link TrainingConfig})
 */
public record SessionOpened(
        String sessionId,
        String strategy,
        String modelArchitecture,
        long uploadLimitBytes,
        TrainingConfig trainingConfig) implements FlEvent {

    public static final String TYPE = "session.opened";

    public SessionOpened {
        Ids.requireSafeId(sessionId, "sessionId");
        Ids.requireText(strategy, "strategy");
        Ids.requireText(modelArchitecture, "modelArchitecture");
        Ids.requireNonNegative(uploadLimitBytes, "uploadLimitBytes");
        Objects.requireNonNull(trainingConfig, "trainingConfig is required");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
