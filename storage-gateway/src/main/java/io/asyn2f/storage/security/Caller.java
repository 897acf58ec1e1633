package io.asyn2f.storage.security;

import java.util.OptionalLong;

import org.springframework.security.oauth2.jwt.Jwt;

import io.asyn2f.api.security.TokenClaims;

/**
 * Who is asking, read from a validated token ({@link TokenClaimsValidator} has checked the claims' shape).
 *
 * @param subject      the worker id, or the service's name for {@code role=service}
 * @param role         {@code trainer}, {@code tester} or {@code service}
 * @param sessionId    the worker's session; {@code null} for a service
 * @param uploadLimit  the session's upload limit in bytes, if the token carries one
 */
public record Caller(String subject, String role, String sessionId, OptionalLong uploadLimit) {

    public static Caller of(Jwt jwt) {
        Object limit = jwt.getClaims().get(TokenClaims.UPLOAD_LIMIT);
        return new Caller(jwt.getSubject(), jwt.getClaimAsString(TokenClaims.ROLE),
                jwt.getClaimAsString(TokenClaims.SESSION),
                limit instanceof Number number ? OptionalLong.of(number.longValue()) : OptionalLong.empty());
    }

    public boolean isService() {
        return TokenClaims.ROLE_SERVICE.equals(role);
    }

    public boolean isTrainer() {
        return TokenClaims.ROLE_TRAINER.equals(role);
    }

    /** A trainer or tester bound to {@code session}. */
    public boolean isWorkerOf(String session) {
        return !isService() && sessionId != null && sessionId.equals(session);
    }
}
