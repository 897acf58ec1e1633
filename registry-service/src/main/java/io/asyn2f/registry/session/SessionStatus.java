package io.asyn2f.registry.session;

/** Whether a session accepts workers. */
public enum SessionStatus {
    OPEN,
    CLOSED
}
