package io.asyn2f.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class BasicLoginAttemptsTests {

    @Test
    void readsTheUserNameOfABasicHeaderOnly() {
        String header = "Basic " + Base64.getEncoder().encodeToString("admin:s3cret:x".getBytes(StandardCharsets.UTF_8));

        assertThat(BasicLoginAttempts.username(header)).isEqualTo("admin");
        assertThat(BasicLoginAttempts.username("basic " + header.substring(6))).isEqualTo("admin");
        assertThat(BasicLoginAttempts.username("Bearer abc")).isNull();
        assertThat(BasicLoginAttempts.username("Basic !!!")).isNull();
        assertThat(BasicLoginAttempts.username(null)).isNull();
    }

    @Test
    void blocksByAddressOrByNameAndASuccessClearsBoth() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
        BasicLoginAttempts attempts = new BasicLoginAttempts(2, Duration.ofMinutes(5), clock);

        attempts.record("10.0.0.1", "admin", true);
        attempts.record("10.0.0.1", "admin", true);

        assertThat(attempts.blockedFor("10.0.0.2", "admin")).isPositive();
        assertThat(attempts.blockedFor("10.0.0.1", "other")).isPositive();
        assertThat(attempts.blockedFor("10.0.0.2", "other")).isLessThanOrEqualTo(Duration.ZERO);
        assertThat(BasicLoginAttempts.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
    }
}
