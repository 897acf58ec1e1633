package io.asyn2f.registry.system;

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
 * Limits failed HTTP Basic logins of one security chain, per client address and per user name: a request with
 * credentials from a blocked address or for a blocked name is answered 429 with Retry-After before its credential
 * is checked. A 401 to a request that carried credentials counts as a failure; any other answer clears both keys.
 * Behind an ingress set {@code server.forward-headers-strategy} so the address is the client's.
 */
final class LoginThrottle extends OncePerRequestFilter {

    /** Address keys tracked at most (a flood of addresses cannot exhaust the heap). */
    private static final int MAX_KEYS = 10_000;

    private final FailedAttempts attempts;

    LoginThrottle(RegistryProperties.Admin settings, Clock clock) {
        this.attempts = new FailedAttempts(settings.maxFailedAttempts(), settings.failureWindow(), MAX_KEYS, clock);
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
        Duration blockedByAddress = attempts.blockedFor(addressKey);
        Duration blockedByUser = attempts.blockedFor(userKey);
        Duration blocked = blockedByAddress.compareTo(blockedByUser) >= 0 ? blockedByAddress : blockedByUser;
        if (!blocked.isNegative() && !blocked.isZero()) {
            long seconds = Math.max(1, (blocked.toMillis() + 999) / 1000);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            ProblemSecurityHandlers.write(request, response, HttpStatus.TOO_MANY_REQUESTS,
                    "too many failed logins from this address or for this name; try again in " + seconds + " s");
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

    /** The user name of a Basic header, or null if there is none or it does not decode. */
    private static String basicUsername(String header) {
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
