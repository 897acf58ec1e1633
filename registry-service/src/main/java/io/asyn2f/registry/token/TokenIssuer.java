package io.asyn2f.registry.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.asyn2f.api.event.WorkerRole;
import io.asyn2f.api.security.TokenClaims;
import io.asyn2f.registry.config.RegistryProperties;

/** Signs ES256 access tokens following the contract in {@link TokenClaims}. */
@Component
public class TokenIssuer {

    private final SigningKey key;
    private final ECDSASigner signer;
    private final Duration ttl;
    private final Clock clock;

    TokenIssuer(SigningKey key, RegistryProperties properties, Clock clock) {
        this.key = key;
        this.ttl = properties.tokens().accessTokenTtl();
        this.clock = clock;
        try {
            this.signer = new ECDSASigner(key.privateKey());
        } catch (JOSEException e) {
            throw new IllegalStateException("the signing key cannot sign ES256", e);
        }
    }

    /** The lifetime of every access token. */
    public Duration accessTokenTtl() {
        return ttl;
    }

    /** A worker token: subject the worker, bound to its session, carrying the session's upload limit. */
    public IssuedToken issueWorkerToken(String workerId, String sessionId, WorkerRole role, long uploadLimitBytes) {
        return sign(new JWTClaimsSet.Builder()
                .subject(workerId)
                .claim(TokenClaims.SESSION, sessionId)
                .claim(TokenClaims.ROLE, roleClaim(role))
                .claim(TokenClaims.UPLOAD_LIMIT, uploadLimitBytes));
    }

    /** A service token: subject the service's name, role {@code service}, no session. */
    public IssuedToken issueServiceToken(String serviceName) {
        return sign(new JWTClaimsSet.Builder()
                .subject(serviceName)
                .claim(TokenClaims.ROLE, TokenClaims.ROLE_SERVICE));
    }

    public static String roleClaim(WorkerRole role) {
        return switch (role) {
            case TRAINER -> TokenClaims.ROLE_TRAINER;
            case TESTER -> TokenClaims.ROLE_TESTER;
        };
    }

    private IssuedToken sign(JWTClaimsSet.Builder claims) {
        // JWT times have second precision; truncate so expiresAt matches the exp claim exactly.
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(ttl);
        JWTClaimsSet claimsSet = claims
                .issuer(TokenClaims.ISSUER)
                .audience(TokenClaims.AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(key.keyId())
                .type(JOSEObjectType.JWT)
                .build();
        SignedJWT jwt = new SignedJWT(header, claimsSet);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a token failed", e);
        }
        return new IssuedToken(jwt.serialize(), expiresAt);
    }
}
