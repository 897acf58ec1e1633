package io.asyn2f.storage.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

import io.asyn2f.api.security.TokenClaims;

class TokenClaimsValidatorTests {

    private static final String ROLE = TokenClaims.ROLE;
    private static final String SESSION = TokenClaims.SESSION;
    private static final String LIMIT = TokenClaims.UPLOAD_LIMIT;

    private final TokenClaimsValidator validator = new TokenClaimsValidator();

    @Test
    void shouldAcceptWorkerAndServiceTokens() {
        assertThat(refused("w-1", Map.of(ROLE, "trainer", SESSION, "s-1", LIMIT, 1000L))).isFalse();
        assertThat(refused("w-1", Map.of(ROLE, "tester", SESSION, "s-1"))).isFalse();
        assertThat(refused("aggregator", Map.of(ROLE, "service"))).isFalse();
    }

    @Test
    void shouldRefuseWorkerTokensWhoseIdsCouldSpellAPath() {
        assertThat(refused("../w-2", Map.of(ROLE, "trainer", SESSION, "s-1"))).isTrue();
        assertThat(refused("w-1", Map.of(ROLE, "trainer", SESSION, "s/1"))).isTrue();
        assertThat(refused("w-1", Map.of(ROLE, "trainer"))).isTrue();
    }

    @Test
    void shouldRefuseUnknownRolesAndBadLimits() {
        assertThat(refused("w-1", Map.of(ROLE, "admin", SESSION, "s-1"))).isTrue();
        assertThat(refused("w-1", Map.of(SESSION, "s-1"))).isTrue();
        assertThat(refused("w-1", Map.of(ROLE, "trainer", SESSION, "s-1", LIMIT, -1L))).isTrue();
        assertThat(refused("w-1", Map.of(ROLE, "trainer", SESSION, "s-1", LIMIT, 1.5))).isTrue();
    }

    /** Whether the validator finds anything wrong with a token of {@code subject} carrying {@code claims}. */
    private boolean refused(String subject, Map<String, Object> claims) {
        return validator.validate(jwt(subject, claims)).hasErrors();
    }

    private static Jwt jwt(String subject, Map<String, Object> claims) {
        return Jwt.withTokenValue("t").header("alg", "ES256").subject(subject).claims(c -> c.putAll(claims))
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).build();
    }
}
