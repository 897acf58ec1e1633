package io.asyn2f.api.model;

import java.io.IOException;

/** A blob was refused. {@link #reason()} is stable and fit for metrics and dead-letter headers. */
public final class ModelFormatException extends IOException {

    /** Why a blob was refused. */
    public enum Reason {
        BAD_MAGIC,
        UNSUPPORTED_VERSION,
        UNSUPPORTED_DTYPE,
        UNKNOWN_KIND,
        KIND_MISMATCH,
        TOO_LARGE,
        COUNT_MISMATCH,
        ARCHITECTURE_MISMATCH,
        TRUNCATED,
        TRAILING_DATA,
        CHECKSUM_MISMATCH,
        NON_FINITE
    }

    private final Reason reason;

    public ModelFormatException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
