package io.asyn2f.aggregator.security;

/** A worker token was refused; {@link #reason()} is stable (metric tag, rejection record). */
public class TokenRejectedException extends RuntimeException {

    private final String reason;

    public TokenRejectedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
