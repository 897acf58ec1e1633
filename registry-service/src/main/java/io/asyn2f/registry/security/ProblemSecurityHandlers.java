package io.asyn2f.registry.security;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import io.asyn2f.web.BasicLoginAttempts;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Security's refusals as problem details. The detail stays generic: why a credential was refused is not
 * told to the caller (nor logged with the credential).
 */
final class ProblemSecurityHandlers {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemSecurityHandlers() {
    }

    /** 401 for bearer-token endpoints: the standard WWW-Authenticate challenge plus a problem body. */
    static AuthenticationEntryPoint bearerEntryPoint() {
        BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
        return (request, response, exception) -> {
            challenge.commence(request, response, exception);
            write(request, response, HttpStatus.UNAUTHORIZED, "a valid bearer token is required");
        };
    }

    /** 401 for the registration chain's other paths. */
    static AuthenticationEntryPoint enrollmentEntryPoint() {
        return (request, response, exception) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"asyn2f-registry\"");
            write(request, response, HttpStatus.UNAUTHORIZED, "an enrollment token is required");
        };
    }

    /** 401 for HTTP Basic endpoints (admin API, service tokens). */
    static AuthenticationEntryPoint basicEntryPoint() {
        return (request, response, exception) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"asyn2f-registry\"");
            write(request, response, HttpStatus.UNAUTHORIZED, "valid client credentials are required");
        };
    }

    static AccessDeniedHandler accessDeniedHandler() {
        BearerTokenAccessDeniedHandler challenge = new BearerTokenAccessDeniedHandler();
        return (request, response, exception) -> {
            challenge.handle(request, response, exception);
            write(request, response, HttpStatus.FORBIDDEN, "this credential may not use this endpoint");
        };
    }

    /**
     * Answers 429 with Retry-After (whole seconds, rounded up) when {@code blocked} is positive, the detail saying
     * {@code what} and when to try again; returns whether it answered.
     */
    static boolean tooManyRequests(HttpServletRequest request, HttpServletResponse response, Duration blocked,
            String what) throws IOException {
        if (blocked.isNegative() || blocked.isZero()) {
            return false;
        }
        long seconds = BasicLoginAttempts.retryAfterSeconds(blocked);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        write(request, response, HttpStatus.TOO_MANY_REQUESTS, what + "; try again in " + seconds + " s");
        return true;
    }

    static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }
}
