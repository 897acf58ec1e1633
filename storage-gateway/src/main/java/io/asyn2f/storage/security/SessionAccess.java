package io.asyn2f.storage.security;

import java.util.Set;
import java.util.function.Supplier;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

import io.asyn2f.api.security.TokenClaims;
import io.asyn2f.storage.metrics.GatewayMetrics.Refusal;

/**
 * Who may call what, decided on the token and the {@code {sessionId}} of the path before any request body is read.
 * Key-level rules (a worker's own prefix) are checked where the key is known, in the controllers.
 */
final class SessionAccess {

    private final RevokedWorkers revokedWorkers;

    SessionAccess(RevokedWorkers revokedWorkers) {
        this.revokedWorkers = revokedWorkers;
    }

    /** A trainer of the path's session. */
    AuthorizationManager<RequestAuthorizationContext> trainerOfSession(String action) {
        return (authentication, context) -> decide(authentication, context, false,
                Set.of(TokenClaims.ROLE_TRAINER), action);
    }

    /** A trainer or tester of the path's session, or a service. */
    AuthorizationManager<RequestAuthorizationContext> workerOfSessionOrService(String action) {
        return (authentication, context) -> decide(authentication, context, true,
                Set.of(TokenClaims.ROLE_TRAINER, TokenClaims.ROLE_TESTER), action);
    }

    /** A service (the aggregator). */
    AuthorizationManager<RequestAuthorizationContext> service(String action) {
        return (authentication, context) -> decide(authentication, context, true, Set.of(), action);
    }

    private AuthorizationResult decide(Supplier<? extends Authentication> authentication,
            RequestAuthorizationContext context, boolean serviceAllowed, Set<String> workerRoles, String action) {
        if (!(authentication.get() instanceof JwtAuthenticationToken token)) {
            return new AuthorizationDecision(false); // anonymous: the entry point answers 401
        }
        Caller caller = Caller.of(token.getToken());
        if (caller.isService()) {
            return serviceAllowed ? new AuthorizationDecision(true)
                    : new Denial(Refusal.FORBIDDEN, "A service token may not " + action + ".");
        }
        if (revokedWorkers.isRevoked(caller.sessionId(), caller.subject())) {
            return new Denial(Refusal.REVOKED, "This worker's credentials have been revoked.");
        }
        if (!workerRoles.contains(caller.role())) {
            return new Denial(Refusal.FORBIDDEN, "A " + caller.role() + " may not " + action + ".");
        }
        String session = context.getVariables().get("sessionId");
        if (!caller.isWorkerOf(session)) {
            return new Denial(Refusal.FORBIDDEN, "The token belongs to another session.");
        }
        return new AuthorizationDecision(true);
    }
}
