package io.asyn2f.registry.session;

import java.util.Map;

/** What registration needs to know about an open session. */
public record OpenSession(String sessionId, long uploadLimitBytes, Map<String, Object> trainingConfig) {
}
