package io.asyn2f.storage.web;

/** Checks on ids that arrive in paths; they become parts of object keys. */
public final class SessionIds {

    private static final String SAFE_ID = "[A-Za-z0-9_-]{1,64}";

    private SessionIds() {
    }

    /** Returns {@code sessionId} or refuses the request with 400. */
    public static String requireValid(String sessionId) {
        if (sessionId == null || !sessionId.matches(SAFE_ID)) {
            throw RefusedException.invalid("sessionId must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'.");
        }
        return sessionId;
    }

    /** Parses a global model version from a path ({@code 0}, {@code 1}, …) or refuses the request with 400. */
    public static long requireVersion(String version) {
        if (version == null || !version.matches("0|[1-9][0-9]{0,17}")) {
            throw RefusedException.invalid("version must be a non-negative whole number"
                    + " (or 'latest' where reading).");
        }
        return Long.parseLong(version);
    }
}
