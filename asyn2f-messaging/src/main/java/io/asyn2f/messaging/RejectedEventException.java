package io.asyn2f.messaging;

/**
 * Thrown by an event handler for an event that can never be processed (wrong session, bad blob, …): the message is
 * dead-lettered with this message as its reason and changes nothing.
 */
public class RejectedEventException extends RuntimeException {

    public RejectedEventException(String reason) {
        super(reason);
    }

    public RejectedEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
