package io.asyn2f.core.event;

/** A session was created and accepts workers. Published by the aggregator; the registry learns sessions from it. */
public record SessionOpened(
        String sessionId,
        String strategy,
        String modelArchitecture,
        long uploadLimitBytes) implements FlEvent {

    public static final String TYPE = "session.opened";

    public SessionOpened {
        Ids.requireSafeId(sessionId, "sessionId");
        Ids.requireText(strategy, "strategy");
        Ids.requireText(modelArchitecture, "modelArchitecture");
        Ids.requireNonNegative(uploadLimitBytes, "uploadLimitBytes");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
