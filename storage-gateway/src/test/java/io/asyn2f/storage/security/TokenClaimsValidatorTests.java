package io.asyn2f.storage.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

import io.asyn2f.api.security.TokenClaims;

class TokenClaimsValidatorTests {

    private final TokenClaimsValidator validator = new TokenClaimsValidator();

    @Test
    void shouldAcceptWorkerAndServiceTokens() {
        assertThat(validator.validate(jwt("w-1", Map.of(TokenClaims.ROLE, "trainer", TokenClaims.SESSION, "s-1",
                TokenClaims.UPLOAD_LIMIT, 1000L))).hasErrors()).isFalse();
        assertThat(validator.validate(jwt("w-1", Map.of(TokenClaims.ROLE, "tester", TokenClaims.SESSION, "s-1")))
                .hasErrors()).isFalse();
        assertThat(validator.validate(jwt("aggregator", Map.of(TokenClaims.ROLE, "service"))).hasErrors()).isFalse();
    }

    @Test
    void shouldRefuseWorkerTokensWhoseIdsCouldSpellAPath() {
        assertThat(validator.validate(jwt("../w-2", Map.of(TokenClaims.ROLE, "trainer", TokenClaims.SESSION, "s-1")))
                .hasErrors()).isTrue();
        assertThat(validator.validate(jwt("w-1", Map.of(TokenClaims.ROLE, "trainer", TokenClaims.SESSION, "s/1")))
                .hasErrors()).isTrue();
        assertThat(validator.validate(jwt("w-1", Map.of(TokenClaims.ROLE, "trainer"))).hasErrors()).isTrue();
    }

    @Test
    void shouldRefuseUnknownRolesAndBadLimits() {
        assertThat(validator.validate(jwt("w-1", Map.of(TokenClaims.ROLE, "admin", TokenClaims.SESSION, "s-1")))
                .hasErrors()).isTrue();
        assertThat(validator.validate(jwt("w-1", Map.of(TokenClaims.SESSION, "s-1"))).hasErrors()).isTrue();
        assertThat(validator.validate(jwt("w-1", Map.of(TokenClaims.ROLE, "trainer", TokenClaims.SESSION, "s-1",
                TokenClaims.UPLOAD_LIMIT, -1L))).hasErrors()).isTrue();
        assertThat(validator.validate(jwt("w-1", Map.of(TokenClaims.ROLE, "trainer", TokenClaims.SESSION, "s-1",
                TokenClaims.UPLOAD_LIMIT, 1.5))).hasErrors()).isTrue();
    }

    private static Jwt jwt(String subject, Map<String, Object> claims) {
        return Jwt.withTokenValue("t").header("alg", "ES256").subject(subject).claims(c -> c.putAll(claims))
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).build();
    }
}
