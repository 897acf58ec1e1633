package io.asyn2f.registry.worker;

/** A worker's lifecycle: ACTIVE while it heartbeats, LOST when silent, REVOKED for good. */
public enum WorkerState {
    ACTIVE,
    LOST,
    REVOKED
}
