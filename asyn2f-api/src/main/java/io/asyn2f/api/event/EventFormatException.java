package io.asyn2f.api.event;

/** A message could not be read as an event. The message names what is wrong; it is safe to log. */
public final class EventFormatException extends RuntimeException {

    public EventFormatException(String message) {
        super(message);
    }

    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
