package io.asyn2f.api.event;

/** An administrator revoked a worker's credentials; its updates are no longer accepted. */
public record WorkerRevoked(String sessionId, String workerId, String reason) implements FlEvent {

    public static final String TYPE = "worker.revoked";

    public WorkerRevoked {
        Ids.requireSafeId(sessionId, "sessionId");
        Ids.requireSafeId(workerId, "workerId");
        Ids.requireText(reason, "reason");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
