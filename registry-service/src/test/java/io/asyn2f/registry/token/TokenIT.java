package io.asyn2f.registry.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.asyn2f.api.security.TokenClaims;
import io.asyn2f.registry.support.RegistryIntegrationTest;

import tools.jackson.databind.JsonNode;

class TokenIT extends RegistryIntegrationTest {

    @Test
    void shouldVerifyAnIssuedTokenWithThePublishedJwks() throws Exception {
        String token = register(openSession(), "trainer").path("accessToken").asString();

        HttpResponse<String> response = get("/.well-known/jwks.json", null);

        assertThat(response.statusCode()).isEqualTo(200);
        JWKSet jwks = JWKSet.parse(response.body());
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getKeyID()).isNotBlank();
        ECKey key = (ECKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).as("the token's kid is in the JWKS").isNotNull();
        assertThat(key.isPrivate()).isFalse();
        assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
    }

    @Test
    void shouldRefreshWithARotatedCredential() throws Exception {
        JsonNode registration = register(openSession(), "trainer");
        String workerId = registration.path("workerId").asString();
        String oldRefresh = registration.path("refreshToken").asString();

        HttpResponse<String> response = post("/api/v1/tokens/refresh", refreshBody(workerId, oldRefresh), null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode refreshed = json.readTree(response.body());
        String newToken = refreshed.path("accessToken").asString();
        String newRefresh = refreshed.path("refreshToken").asString();
        assertThat(newToken).isNotEqualTo(registration.path("accessToken").asString());
        assertThat(newRefresh).isNotEqualTo(oldRefresh);
        assertThat(SignedJWT.parse(newToken).getJWTClaimsSet().getSubject()).isEqualTo(workerId);

        // the new access token works
        assertThat(post("/api/v1/workers/" + workerId + "/heartbeat", null, bearer(newToken)).statusCode())
                .isEqualTo(200);

        // the old refresh credential does not, and changes nothing
        List<Map<String, Object>> before = workerRows();
        assertProblem(post("/api/v1/tokens/refresh", refreshBody(workerId, oldRefresh), null), 401);
        assertThat(workerRows()).isEqualTo(before);

        // the rotated one does
        assertThat(post("/api/v1/tokens/refresh", refreshBody(workerId, newRefresh), null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldRefuseRefreshForAnUnknownWorkerOrMalformedBody() throws Exception {
        List<Map<String, Object>> before = workerRows();

        assertProblem(post("/api/v1/tokens/refresh", refreshBody("w-unknown", "whatever"), null), 401);
        assertProblem(post("/api/v1/tokens/refresh", "{not json", null), 400);
        assertProblem(post("/api/v1/tokens/refresh", "{\"workerId\":\"w-1\"}", null), 400);
        assertThat(workerRows()).isEqualTo(before);
    }

    @Test
    void shouldIssueServiceTokensToConfiguredClientsOnly() throws Exception {
        HttpResponse<String> response = post("/api/v1/tokens/service", null, basic("aggregator", AGGREGATOR_SECRET));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JWTClaimsSet claims = SignedJWT.parse(json.readTree(response.body()).path("accessToken").asString())
                .getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("aggregator");
        assertThat(claims.getStringClaim(TokenClaims.ROLE)).isEqualTo(TokenClaims.ROLE_SERVICE);
        assertThat(claims.getClaim(TokenClaims.SESSION)).isNull();
        assertThat(claims.getIssuer()).isEqualTo(TokenClaims.ISSUER);

        assertProblem(post("/api/v1/tokens/service", null, basic("aggregator", "wrong")), 401);
        assertProblem(post("/api/v1/tokens/service", null, basic("storage-gateway", AGGREGATOR_SECRET)), 401);
        assertProblem(post("/api/v1/tokens/service", null, null), 401);
    }

    @Test
    void shouldServeRevocationsToServicesOnly() throws Exception {
        String serviceToken = json.readTree(post("/api/v1/tokens/service", null,
                basic("aggregator", AGGREGATOR_SECRET)).body()).path("accessToken").asString();
        String workerToken = register(openSession(), "trainer").path("accessToken").asString();

        HttpResponse<String> response = get("/api/v1/revocations", bearer(serviceToken));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json.readTree(response.body()).path("revocations").isArray()).isTrue();

        assertProblem(get("/api/v1/revocations", bearer(workerToken)), 403);
        assertProblem(get("/api/v1/revocations", null), 401);
    }

    private static String refreshBody(String workerId, String refreshToken) {
        return "{\"workerId\":\"%s\",\"refreshToken\":\"%s\"}".formatted(workerId, refreshToken);
    }
}
