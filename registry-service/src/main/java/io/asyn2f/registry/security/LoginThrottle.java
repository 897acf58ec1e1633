package io.asyn2f.registry.security;

import java.io.IOException;
import java.time.Clock;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import io.asyn2f.registry.config.RegistryProperties;
import io.asyn2f.web.BasicLoginAttempts;

/**
 * Limits failed HTTP Basic logins of one security chain, per client address and per user name: a request with
 * credentials from a blocked address or for a blocked name is answered 429 with Retry-After before its credential
 * is checked. A 401 to a request that carried credentials counts as a failure; any other answer clears both keys.
 * Behind an ingress set {@code server.forward-headers-strategy} so the address is the client's.
 */
final class LoginThrottle extends OncePerRequestFilter {

    private final BasicLoginAttempts attempts;

    LoginThrottle(RegistryProperties.Admin settings, Clock clock) {
        this.attempts = new BasicLoginAttempts(settings.maxFailedAttempts(), settings.failureWindow(), clock);
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
        if (ProblemSecurityHandlers.tooManyRequests(request, response, attempts.blockedFor(address, username),
                "too many failed logins from this address or for this name")) {
            return;
        }
        chain.doFilter(request, response);
        attempts.record(address, username, response.getStatus() == HttpStatus.UNAUTHORIZED.value());
    }
}
