package io.asyn2f.storage.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import io.asyn2f.api.security.TokenClaims;

/**
 * Plays the registry for tests: an EC P-256 key whose public half is served as a JWKS by a small real HTTP server,
 * and tokens signed with it the way the registry signs them. One per JVM.
 */
public final class TestTokens {

    private static final String KEY_ID = "registry-test-key";
    private static final TestTokens INSTANCE = new TestTokens();

    private final ECKey signingKey;
    private final HttpServer jwksServer;

    private TestTokens() {
        try {
            signingKey = new ECKeyGenerator(Curve.P_256).keyID(KEY_ID).generate();
            byte[] jwks = new JWKSet(signingKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            jwksServer.createContext("/.well-known/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(jwks);
                }
            });
            jwksServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> jwksServer.stop(0), "jwks-server-stop"));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestTokens get() {
        return INSTANCE;
    }

    public String jwksUri() {
        return "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/.well-known/jwks.json";
    }

    public String trainer(String sessionId, String workerId, long uploadLimit) {
        return sign(workerClaims(sessionId, workerId, TokenClaims.ROLE_TRAINER, uploadLimit).build());
    }

    public String tester(String sessionId, String workerId) {
        return sign(workerClaims(sessionId, workerId, TokenClaims.ROLE_TESTER, 1_000_000).build());
    }

    /** A service token; signed without a {@code typ} header, which the gateway must accept too. */
    public String service() {
        JWTClaimsSet claims = claims("aggregator-service").claim(TokenClaims.ROLE, TokenClaims.ROLE_SERVICE).build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(KEY_ID).build(), claims);
            jwt.sign(new ECDSASigner(signingKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims of a valid worker token, for tests that change one thing. */
    public JWTClaimsSet.Builder workerClaims(String sessionId, String workerId, String role, long uploadLimit) {
        return claims(workerId)
                .claim(TokenClaims.SESSION, sessionId)
                .claim(TokenClaims.ROLE, role)
                .claim(TokenClaims.UPLOAD_LIMIT, uploadLimit);
    }

    private static JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(TokenClaims.ISSUER)
                .audience(TokenClaims.AUDIENCE)
                .subject(subject)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
    }

    /** Signed with the registry's key (ES256). */
    public String sign(JWTClaimsSet claims) {
        return signWith(signingKey, claims);
    }

    /** Signed with another EC key that claims the registry's key id. */
    public String forged(JWTClaimsSet claims) {
        try {
            return signWith(new ECKeyGenerator(Curve.P_256).keyID(KEY_ID).generate(), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}: no signature at all. */
    public String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    /** HS256 with a shared secret (the classic confusion attack uses the public key as the secret). */
    public String hmac(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(KEY_ID).build(), claims);
            jwt.sign(new MACSigner(signingKey.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String signWith(ECKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
