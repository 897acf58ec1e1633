package io.asyn2f.aggregator.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;

import io.asyn2f.aggregator.config.AggregatorProperties;
import io.asyn2f.api.event.RejectionReason;
import io.asyn2f.api.security.TokenClaims;
import io.asyn2f.web.VerifiedTokenCache;

/**
 * Checks the access token a worker attaches to the events it publishes: an ES256 JWT signed by the registry (keys
 * from its JWKS), for audience {@code asyn2f}, whose subject is the event's worker, whose session is the event's
 * session and whose role is the one the event needs.
 *
 * <p>Expiry is judged against the event's {@code occurredAt} (plus a clock skew), not against now: an update that
 * waited in the queue while the aggregator was down is still accepted if its token was valid when it was sent. An
 * {@code occurredAt} in the future (beyond the skew) is refused, so a sender cannot stretch a token by post-dating,
 * and so is one older than {@code max-queue-delay} ({@code EVENT_TOO_OLD}), so a leaked token cannot be replayed
 * long after it expired by back-dating {@code occurredAt} into its validity.
 */
@Component
public class WorkerTokenVerifier {

    private final JwtDecoder decoder;
    private final Duration skew;
    private final Duration maxQueueDelay;

    WorkerTokenVerifier(AggregatorProperties properties) {
        NimbusJwtDecoder nimbus = NimbusJwtDecoder.withJwkSetUri(properties.jwksUri().toString())
                .jwsAlgorithm(SignatureAlgorithm.ES256).build();
        // Time is checked below against the event's time, so only issuer and audience are validated here.
        OAuth2TokenValidator<Jwt> audience = jwt -> jwt.getAudience() != null
                && jwt.getAudience().contains(TokenClaims.AUDIENCE)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "wrong audience", null));
        nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                List.of(new JwtIssuerValidator(TokenClaims.ISSUER), audience)));
        // Every update of a worker carries the same token for minutes: its signature is checked once.
        this.decoder = new VerifiedTokenCache(nimbus);
        this.skew = properties.tokenClockSkew();
        this.maxQueueDelay = properties.maxQueueDelay();
    }

    /**
     * @param token      the raw JWT from the event's header, may be null
     * @param workerId   the worker the event claims to come from
     * @param sessionId  the session the event belongs to
     * @param roles      roles allowed to send this event
     * @param occurredAt when the event says it was sent
     * @throws TokenRejectedException with a stable reason if anything does not hold
     */
    public void verify(String token, String workerId, String sessionId, Set<String> roles, Instant occurredAt) {
        if (token == null || token.isBlank()) {
            throw new TokenRejectedException(RejectionReason.TOKEN_MISSING, "the event carries no access token");
        }
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (BadJwtException e) {
            throw new TokenRejectedException(RejectionReason.TOKEN_INVALID, "the access token is not valid: "
                    + e.getMessage());
        } catch (JwtException e) {
            // Not the token's fault (e.g. the registry's JWKS is unreachable): let the delivery retry.
            throw new IllegalStateException("cannot validate the access token now: " + e.getMessage(), e);
        }
        Instant now = Instant.now();
        if (occurredAt.isAfter(now.plus(skew))) {
            throw new TokenRejectedException(RejectionReason.TOKEN_EXPIRED, "the event claims a time in the future: "
                    + occurredAt);
        }
        if (occurredAt.isBefore(now.minus(maxQueueDelay))) {
            throw new TokenRejectedException(RejectionReason.EVENT_TOO_OLD, "the event claims " + occurredAt
                    + ", more than the allowed queue delay " + maxQueueDelay + " ago");
        }
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt == null || occurredAt.isAfter(expiresAt.plus(skew))) {
            throw new TokenRejectedException(RejectionReason.TOKEN_EXPIRED,
                    "the access token expired at " + expiresAt + ", before the event at " + occurredAt);
        }
        Instant notBefore = jwt.getNotBefore() != null ? jwt.getNotBefore() : jwt.getIssuedAt();
        if (notBefore != null && occurredAt.isBefore(notBefore.minus(skew))) {
            throw new TokenRejectedException(RejectionReason.TOKEN_NOT_YET_VALID,
                    "the access token is valid from " + notBefore + ", after the event at " + occurredAt);
        }
        if (!workerId.equals(jwt.getSubject())) {
            throw new TokenRejectedException(RejectionReason.TOKEN_MISMATCH,
                    "the access token belongs to worker " + jwt.getSubject() + ", not " + workerId);
        }
        if (!sessionId.equals(jwt.getClaimAsString(TokenClaims.SESSION))) {
            throw new TokenRejectedException(RejectionReason.TOKEN_MISMATCH, "the access token is for session "
                    + jwt.getClaimAsString(TokenClaims.SESSION) + ", not " + sessionId);
        }
        String role = jwt.getClaimAsString(TokenClaims.ROLE);
        if (role == null || !roles.contains(role)) {
            throw new TokenRejectedException(RejectionReason.ROLE_NOT_ALLOWED,
                    "role " + role + " may not send this event (allowed: " + roles + ")");
        }
    }
}
