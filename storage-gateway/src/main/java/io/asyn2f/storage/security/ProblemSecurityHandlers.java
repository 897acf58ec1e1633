package io.asyn2f.storage.security;

import java.io.IOException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import io.asyn2f.storage.metrics.GatewayMetrics.Refusal;
import io.asyn2f.storage.metrics.GatewayMetrics;
import io.asyn2f.storage.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401 and 403 from the security filter chain as problem details, like every other error of the API. The detail says
 * what was wrong with the token but never repeats the token.
 */
final class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final JsonMapper jsonMapper;
    private final GatewayMetrics metrics;

    ProblemSecurityHandlers(JsonMapper jsonMapper, GatewayMetrics metrics) {
        this.jsonMapper = jsonMapper;
        this.metrics = metrics;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException authException) throws IOException {
        String detail;
        if (authException instanceof OAuth2AuthenticationException oauth) {
            String description = oauth.getError().getDescription();
            detail = "The bearer token is invalid" + (description == null ? "." : ": " + description);
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        } else {
            detail = "A bearer token issued by the registry is required.";
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        metrics.refused(Refusal.UNAUTHENTICATED);
        Problems.write(request, response, jsonMapper, HttpStatus.UNAUTHORIZED, Refusal.UNAUTHENTICATED, detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
            AccessDeniedException accessDeniedException) throws IOException {
        Refusal reason = Refusal.FORBIDDEN;
        String detail = "The token does not allow this request.";
        if (accessDeniedException instanceof AuthorizationDeniedException denied
                && denied.getAuthorizationResult() instanceof Denial denial) {
            reason = denial.reason();
            detail = denial.detail();
        }
        metrics.refused(reason);
        Problems.write(request, response, jsonMapper, HttpStatus.FORBIDDEN, reason, detail);
    }
}
