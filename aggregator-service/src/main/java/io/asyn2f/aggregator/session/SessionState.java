package io.asyn2f.aggregator.session;

/**
 * CREATED (stored, not yet announced) → WAITING_FOR_WORKERS (session.opened sent) → RUNNING (enough trainers
 * registered) → STOPPING (no more versions) → FINISHED(reason) | FAILED(reason).
 */
public enum SessionState {
    CREATED,
    WAITING_FOR_WORKERS,
    RUNNING,
    STOPPING,
    FINISHED,
    FAILED;

    /** Whether updates are accepted. */
    public boolean acceptsUpdates() {
        return this == WAITING_FOR_WORKERS || this == RUNNING;
    }

    public boolean isOver() {
        return this == FINISHED || this == FAILED;
    }
}
