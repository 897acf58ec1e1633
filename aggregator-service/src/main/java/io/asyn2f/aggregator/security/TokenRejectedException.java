package io.asyn2f.aggregator.security;

import io.asyn2f.api.event.RejectionReason;

/** A worker token was refused; {@link #reason()} is stable (metric tag, rejection record). */
public class TokenRejectedException extends RuntimeException {

    private final RejectionReason reason;

    public TokenRejectedException(RejectionReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RejectionReason reason() {
        return reason;
    }
}
