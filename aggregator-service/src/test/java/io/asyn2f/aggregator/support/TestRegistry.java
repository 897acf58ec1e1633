package io.asyn2f.aggregator.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import io.asyn2f.api.security.TokenClaims;

/**
 * Plays the registry for the aggregator's tests: an EC P-256 key, its JWKS served over HTTP on a free port, and
 * ES256 worker tokens signed with it. {@link #forger()} signs with another key under the same key id.
 */
public final class TestRegistry {

    private static TestRegistry shared;

    private final ECKey key;
    private final ECKey otherKey;
    private final HttpServer server;

    private TestRegistry() throws JOSEException, IOException {
        this.key = new ECKeyGenerator(Curve.P_256).keyID("test-registry").generate();
        this.otherKey = new ECKeyGenerator(Curve.P_256).keyID("test-registry").generate();
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jwks);
            }
        });
        server.setExecutor(null);
        server.start();
    }

    /** One registry per JVM (its port goes into the shared Spring context's properties). */
    public static synchronized TestRegistry shared() {
        if (shared == null) {
            try {
                shared = new TestRegistry();
            } catch (JOSEException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return shared;
    }

    public String jwksUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
    }

    public String token(String workerId, String sessionId, String role) {
        return token(key, workerId, sessionId, role, Instant.now().minusSeconds(5), Instant.now().plusSeconds(600));
    }

    public String token(String workerId, String sessionId, String role, Instant expiresAt) {
        return token(key, workerId, sessionId, role, Instant.now().minusSeconds(5), expiresAt);
    }

    public String token(String workerId, String sessionId, String role, Instant issuedAt, Instant expiresAt) {
        return token(key, workerId, sessionId, role, issuedAt, expiresAt);
    }

    /** A token that looks right but is signed with a key the registry never published. */
    public String forged(String workerId, String sessionId, String role) {
        return token(otherKey, workerId, sessionId, role, Instant.now().minusSeconds(5),
                Instant.now().plusSeconds(600));
    }

    private static String token(ECKey signingKey, String workerId, String sessionId, String role, Instant issuedAt,
            Instant expiresAt) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(TokenClaims.ISSUER)
                .audience(List.of(TokenClaims.AUDIENCE))
                .subject(workerId)
                .claim(TokenClaims.SESSION, sessionId)
                .claim(TokenClaims.ROLE, role)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signingKey.getKeyID()).build(),
                claims);
        try {
            jwt.sign(new ECDSASigner(signingKey));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

}
