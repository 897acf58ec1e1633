package io.asyn2f.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class VerifiedTokenCacheTests {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    /** The time the cache and the fake decoder see; tests move it. */
    private Instant now = NOW;
    private final InstantSource clock = () -> now;
    private final List<String> judged = new ArrayList<>();

    /** Accepts tokens "ok-<seconds to expiry>", refuses anything else; records every token it is asked about. */
    private final JwtDecoder delegate = token -> {
        judged.add(token);
        if (token == null || !token.startsWith("ok-")) {
            throw new BadJwtException("bad signature");
        }
        Instant expires = NOW.plusSeconds(Long.parseLong(token.substring(3)));
        if (!clock.instant().isBefore(expires)) {
            throw new BadJwtException("expired");
        }
        return new Jwt(token, NOW, expires, Map.of("alg", "ES256"), Map.of("sub", "w-1"));
    };

    @Test
    void verifiesAnAcceptedTokenOnceUntilItExpires() {
        VerifiedTokenCache cache = new VerifiedTokenCache(delegate, 10, Duration.ofHours(1), clock);

        Jwt first = cache.decode("ok-300");
        Jwt again = cache.decode("ok-300");
        now = NOW.plusSeconds(299);
        cache.decode("ok-300");

        assertThat(again).isSameAs(first);
        assertThat(judged).containsExactly("ok-300");
        assertThat(cache.hits()).isEqualTo(2);

        now = NOW.plusSeconds(300);
        assertThatThrownBy(() -> cache.decode("ok-300")).hasMessageContaining("expired");
        assertThat(judged).hasSize(2);
    }

    @Test
    void neverRemembersARefusal() {
        VerifiedTokenCache cache = new VerifiedTokenCache(delegate, 10, Duration.ofHours(1), clock);

        assertThatThrownBy(() -> cache.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode("forged")).isInstanceOf(BadJwtException.class);

        assertThat(judged).containsExactly("forged", "forged");
        assertThat(cache.size()).isZero();
    }

    @Test
    void reusesAVerificationNoLongerThanItsMaximumAge() {
        VerifiedTokenCache cache = new VerifiedTokenCache(delegate, 10, Duration.ofSeconds(60), clock);

        cache.decode("ok-3600");
        now = NOW.plusSeconds(61);
        cache.decode("ok-3600");

        assertThat(judged).containsExactly("ok-3600", "ok-3600");
    }

    @Test
    void staysWithinItsBound() {
        VerifiedTokenCache cache = new VerifiedTokenCache(delegate, 3, Duration.ofHours(1), clock);

        for (int i = 1; i <= 10; i++) {
            cache.decode("ok-" + (100 + i));
            assertThat(cache.size()).isLessThanOrEqualTo(3);
        }
        cache.decode("ok-110");
        assertThat(cache.hits()).as("the newest is still there").isEqualTo(1);
    }
}
