package io.asyn2f.storage.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class RevokedWorkersTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
    private final RevokedWorkers revoked = new RevokedWorkers(Duration.ofHours(1), clock);

    @Test
    void shouldRefuseOnlyTheRevokedWorkerOfThatSession() {
        revoked.revoke("s-1", "w-1");

        assertThat(revoked.isRevoked("s-1", "w-1")).isTrue();
        assertThat(revoked.isRevoked("s-1", "w-2")).isFalse();
        assertThat(revoked.isRevoked("s-2", "w-1")).isFalse();
        assertThat(revoked.isRevoked(null, "w-1")).isFalse();
    }

    @Test
    void shouldForgetARevocationOnceEveryTokenIssuedBeforeItHasExpired() {
        revoked.revoke("s-1", "w-1");
        clock.advance(Duration.ofMinutes(59));
        assertThat(revoked.isRevoked("s-1", "w-1")).isTrue();

        clock.advance(Duration.ofMinutes(2));
        assertThat(revoked.isRevoked("s-1", "w-1")).isFalse();

        revoked.revoke("s-1", "w-9"); // pruning happens on the next revocation
        assertThat(revoked.size()).isEqualTo(1);
    }

    @Test
    void shouldKeepARepeatedRevocationFromItsLatestEvent() {
        revoked.revoke("s-1", "w-1");
        clock.advance(Duration.ofMinutes(50));
        revoked.revoke("s-1", "w-1");
        clock.advance(Duration.ofMinutes(50));

        assertThat(revoked.isRevoked("s-1", "w-1")).isTrue();
    }

    @Test
    void shouldCountARevocationFromTheRegistryFromItsOwnInstantAndNeverShortenAnEvent() {
        revoked.revoke("s-1", "w-1", clock.instant().minus(Duration.ofMinutes(50)));
        revoked.revoke("s-1", "w-2");
        revoked.revoke("s-1", "w-2", clock.instant().minus(Duration.ofMinutes(50))); // an older list entry
        clock.advance(Duration.ofMinutes(20));

        assertThat(revoked.isRevoked("s-1", "w-1")).isFalse();
        assertThat(revoked.isRevoked("s-1", "w-2")).isTrue();
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
