package io.asyn2f.api.event;

/**
 * An event exchanged between asyn2f services over the message broker.
 *
 * <p>Every event belongs to one training session; its {@link #type()} is the short, stable id written on the
 * wire (never a Java class name) and the first part of its routing key.
 */
public sealed interface FlEvent
        permits WorkerRegistered, WorkerLost, WorkerRevoked, LocalUpdateSubmitted, GlobalModelPublished,
                EvaluationReported, SessionOpened, SessionStopped {

    /** The session this event belongs to. */
    String sessionId();

    /** Short type id on the wire, e.g. {@code update.submitted}. */
    String type();
}
