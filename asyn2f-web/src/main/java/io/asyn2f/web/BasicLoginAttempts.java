package io.asyn2f.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Failed HTTP Basic logins counted per client address and per user name ({@link FailedAttempts} under two keys):
 * what the admin APIs of the aggregator and the registry check before they check a credential. The registry's
 * registration limit counts every request the same way ({@link #attempted}), keyed by address and by credential.
 */
public final class BasicLoginAttempts {

    /** Address keys tracked at most (a flood of addresses cannot exhaust the heap). */
    private static final int MAX_KEYS = 10_000;

    private final FailedAttempts attempts;

    public BasicLoginAttempts(int maxFailures, Duration window, Clock clock) {
        this.attempts = new FailedAttempts(maxFailures, window, MAX_KEYS, clock);
    }

    /** How long a login from {@code address} for {@code username} is still refused (zero or negative: not). */
    public Duration blockedFor(String address, String username) {
        Duration byAddress = attempts.blockedFor(addressKey(address));
        Duration byUser = username == null ? Duration.ZERO : attempts.blockedFor(userKey(username));
        return byAddress.compareTo(byUser) >= 0 ? byAddress : byUser;
    }

    /** The whole seconds to announce in Retry-After for {@code blocked} (at least 1). */
    public static long retryAfterSeconds(Duration blocked) {
        return Math.max(1, (blocked.toMillis() + 999) / 1000);
    }

    /** Records the outcome of a login: a failure counts against both keys, a success clears both. */
    public void record(String address, String username, boolean failed) {
        if (failed) {
            attempts.failed(addressKey(address));
            attempts.failed(userKey(username));
        } else {
            attempts.succeeded(addressKey(address));
            attempts.succeeded(userKey(username));
        }
    }

    /**
     * Counts a request against both keys whatever its outcome: a rate limit rather than a limit on failures. A null
     * name counts against the address only.
     */
    public void attempted(String address, String username) {
        attempts.failed(addressKey(address));
        if (username != null) {
            attempts.failed(userKey(username));
        }
    }

    /** The user name of a Basic {@code Authorization} header, or null if there is none or it does not decode. */
    public static String username(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorizationHeader.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }

    private static String userKey(String username) {
        return "user:" + username;
    }
}
