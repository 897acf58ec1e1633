package io.asyn2f.api.event;

import java.util.Objects;

/** A session ended; workers exit cleanly on receiving it. */
public record SessionStopped(
        String sessionId,
        StopReason reason,
        String detail,
        long finalVersion) implements FlEvent {

    public static final String TYPE = "session.stopped";

    /** Why a session ended. */
    public enum StopReason {
        TARGET_ACCURACY,
        MAX_VERSION,
        MAX_TIME,
        ADMIN,
        FAILED
    }

    public SessionStopped {
        Ids.requireSafeId(sessionId, "sessionId");
        Objects.requireNonNull(reason, "reason is required");
        detail = Objects.requireNonNullElse(detail, "");
        Ids.requireNonNegative(finalVersion, "finalVersion");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
