package io.asyn2f.api.event;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Checks for the identifiers carried by events. Session and worker ids become parts of routing keys and
 * object keys, so they are restricted to characters that are safe in both.
 */
public final class Ids {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Ids() {
    }

    /** Returns {@code value} if it is a safe id, otherwise throws with a message naming {@code field}. */
    public static String requireSafeId(String value, String field) {
        Objects.requireNonNull(value, () -> field + " is required");
        if (!SAFE_ID.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    field + " must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-', was '" + abbreviate(value) + "'");
        }
        return value;
    }

    /** Returns {@code value} if it is present and not blank. */
    public static String requireText(String value, String field) {
        Objects.requireNonNull(value, () -> field + " is required");
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    static long requireNonNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + value);
        }
        return value;
    }

    static double requireFinite(double value, String field) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be a finite number, was " + value);
        }
        return value;
    }

    static double requireUnitInterval(double value, String field) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(field + " must be in [0, 1], was " + value);
        }
        return value;
    }

    static String requireSha256Hex(String value, String field) {
        Objects.requireNonNull(value, () -> field + " is required");
        if (!value.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(field + " must be 64 lower-case hex characters (sha-256)");
        }
        return value;
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
