package io.asyn2f.registry.security;

import java.io.IOException;
import java.time.Clock;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import io.asyn2f.registry.config.RegistryProperties;
import io.asyn2f.registry.token.RefreshCredentials;
import io.asyn2f.web.BasicLoginAttempts;

/**
 * Limits registration requests per client address and per presented bearer credential (an enrollment token, keyed
 * by its hash): past {@code max-attempts} within {@code attempt-window} a request is answered 429 with Retry-After
 * before anything is looked up. Every request counts, admitted or not, so one leaked token cannot enrol a crowd from
 * many addresses at full speed, nor one address guess at full speed. Behind an ingress set
 * {@code server.forward-headers-strategy} so the address is the client's.
 */
final class RegistrationThrottle extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final BasicLoginAttempts attempts;

    RegistrationThrottle(RegistryProperties.Enrollment settings, Clock clock) {
        this.attempts = new BasicLoginAttempts(settings.maxAttempts(), settings.attemptWindow(), clock);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = request.getRemoteAddr();
        String credential = credentialKey(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (ProblemSecurityHandlers.tooManyRequests(request, response, attempts.blockedFor(address, credential),
                "too many registration requests from this address or with this credential")) {
            return;
        }
        attempts.attempted(address, credential);
        chain.doFilter(request, response);
    }

    /** A key for the presented bearer credential (its hash: the credential is not kept), or null for none. */
    private static String credentialKey(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return "bearer:" + RefreshCredentials.hash(authorization.substring(BEARER.length()).trim());
    }
}
