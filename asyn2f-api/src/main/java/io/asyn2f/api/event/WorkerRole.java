package io.asyn2f.api.event;

/** What a worker does in a session. */
public enum WorkerRole {
    /** Trains on its private partition and submits local models. */
    TRAINER,
    /** Evaluates each global model on a held-out test set and reports accuracy. */
    TESTER
}
