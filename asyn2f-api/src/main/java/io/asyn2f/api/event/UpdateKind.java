package io.asyn2f.api.event;

/** What the parameters of a local update are. */
public enum UpdateKind {
    /** The worker's full local model. */
    MODEL,
    /** The difference between the local model and the global model it started from (FedBuff). */
    DELTA
}
