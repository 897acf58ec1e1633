package io.asyn2f.registry.session;

import io.asyn2f.api.session.TrainingConfig;

/** What registration needs to know about an open session. */
public record OpenSession(String sessionId, long uploadLimitBytes, TrainingConfig trainingConfig) {
}
