package io.asyn2f.web;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Limits failed HTTP Basic logins of one security chain, per client address and per user name
 * ({@link BasicLoginAttempts}): a request with credentials from a blocked address or for a blocked name is answered
 * 429 with Retry-After before its credential is checked. A 401 to a request that carried credentials counts as a
 * failure; any other answer clears both keys. Requests without credentials (probes, a browser's first try) never
 * count, and neither do error, forward or async dispatches of a request already counted.
 *
 * <p>The address is the servlet's remote address; behind an ingress set {@code server.forward-headers-strategy} so
 * it is the client's, not the proxy's (otherwise every client behind it shares one key).
 */
public final class BasicLoginThrottle implements Filter {

    /** Writes the 429 problem detail in the service's own form; Retry-After is already set. */
    @FunctionalInterface
    public interface Refusal {
        void write(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException;
    }

    private final BasicLoginAttempts attempts;
    private final String blockedMessage;
    private final Refusal refusal;

    /**
     * @param blockedMessage what the refusal says before "; try again in N s"
     */
    public BasicLoginThrottle(BasicLoginAttempts attempts, String blockedMessage, Refusal refusal) {
        this.attempts = attempts;
        this.blockedMessage = blockedMessage;
        this.refusal = refusal;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        if (!(servletRequest instanceof HttpServletRequest request)
                || !(servletResponse instanceof HttpServletResponse response)
                || request.getDispatcherType() != DispatcherType.REQUEST) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        String username = BasicLoginAttempts.username(request.getHeader("Authorization"));
        if (username == null) {
            chain.doFilter(request, response);
            return;
        }
        String address = request.getRemoteAddr();
        Duration blocked = attempts.blockedFor(address, username);
        if (!blocked.isNegative() && !blocked.isZero()) {
            long seconds = BasicLoginAttempts.retryAfterSeconds(blocked);
            response.setHeader("Retry-After", Long.toString(seconds));
            refusal.write(request, response, blockedMessage + "; try again in " + seconds + " s");
            return;
        }
        chain.doFilter(request, response);
        attempts.record(address, username, response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED);
    }
}
