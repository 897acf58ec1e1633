package io.asyn2f.aggregator.system;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import io.asyn2f.web.BasicLoginAttempts;

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

    interface ProblemWriter {
        void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
                throws IOException;
    }

    private final BasicLoginAttempts attempts;
    private final ProblemWriter problems;

    AdminLoginThrottle(AggregatorProperties.Admin admin, Clock clock, ProblemWriter problems) {
        this.attempts = new BasicLoginAttempts(admin.maxFailedAttempts(), admin.failureWindow(), clock);
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String username = BasicLoginAttempts.username(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (username == null) {
            chain.doFilter(request, response);
            return;
        }
        String address = request.getRemoteAddr();
        Duration blocked = attempts.blockedFor(address, username);
        if (!blocked.isNegative() && !blocked.isZero()) {
            long seconds = BasicLoginAttempts.retryAfterSeconds(blocked);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "too many failed logins from this address"
                    + " or for this user; try again in " + seconds + " s");
            return;
        }
        chain.doFilter(request, response);
        attempts.record(address, username, response.getStatus() == HttpStatus.UNAUTHORIZED.value());
    }
}
