package io.asyn2f.aggregator.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import io.asyn2f.core.security.FailedAttempts;

/**
 * Limits failed admin logins, per client address and per user name: a request carrying HTTP Basic credentials from
 * a blocked address or for a blocked name is answered 429 with Retry-After before its credential is checked. A
 * 401 to a request that carried credentials counts as a failure; any other answer clears both keys. Requests
 * without credentials (probes, the browser's first try) never count.
 *
 * <p>The address is the servlet's remote address; behind an ingress set {@code server.forward-headers-strategy} so
 * it is the client's, not the proxy's (otherwise every client behind it shares one key).
 */
final class AdminLoginThrottle extends OncePerRequestFilter {

    /** Address keys tracked at most (a flood of addresses cannot exhaust the heap). */
    private static final int MAX_KEYS = 10_000;

    interface ProblemWriter {
        void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
                throws IOException;
    }

    private final FailedAttempts attempts;
    private final ProblemWriter problems;

    AdminLoginThrottle(AggregatorProperties.Admin admin, Clock clock, ProblemWriter problems) {
        this.attempts = new FailedAttempts(admin.maxFailedAttempts(), admin.failureWindow(), MAX_KEYS, clock);
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String username = basicUsername(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (username == null) {
            chain.doFilter(request, response);
            return;
        }
        String addressKey = "address:" + request.getRemoteAddr();
        String userKey = "user:" + username;
        Duration blocked = max(attempts.blockedFor(addressKey), attempts.blockedFor(userKey));
        if (!blocked.isNegative() && !blocked.isZero()) {
            long seconds = Math.max(1, (blocked.toMillis() + 999) / 1000);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "too many failed logins from this address"
                    + " or for this user; try again in " + seconds + " s");
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
            attempts.failed(addressKey);
            attempts.failed(userKey);
        } else {
            attempts.succeeded(addressKey);
            attempts.succeeded(userKey);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The user name of a Basic header, or null if there is none or it does not decode. */
    static String basicUsername(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
