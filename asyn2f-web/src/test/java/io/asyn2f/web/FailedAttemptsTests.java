package io.asyn2f.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class FailedAttemptsTests {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T10:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }
    }

    private final ManualClock clock = new ManualClock();
    private final FailedAttempts attempts = new FailedAttempts(3, Duration.ofMinutes(5), 100, clock);

    @Test
    void shouldBlockAKeyAfterMaxFailuresUntilTheOldestLeavesTheWindow() {
        attempts.failed("a");
        clock.advance(Duration.ofMinutes(1));
        attempts.failed("a");
        assertThat(attempts.blockedFor("a")).isZero();
        attempts.failed("a");

        assertThat(attempts.blockedFor("a")).isEqualTo(Duration.ofMinutes(4));
        assertThat(attempts.blockedFor("b")).isZero();
        clock.advance(Duration.ofMinutes(4));
        assertThat(attempts.blockedFor("a")).isZero();
    }

    @Test
    void shouldForgetFailuresOlderThanTheWindow() {
        attempts.failed("a");
        attempts.failed("a");
        clock.advance(Duration.ofMinutes(6));
        attempts.failed("a");

        assertThat(attempts.blockedFor("a")).isZero();
    }

    @Test
    void shouldClearAKeyOnSuccess() {
        attempts.failed("a");
        attempts.failed("a");
        attempts.succeeded("a");
        attempts.failed("a");

        assertThat(attempts.blockedFor("a")).isZero();
    }

    @Test
    void shouldTrackAtMostMaxKeysAndMakeRoomFromExpiredOnes() {
        FailedAttempts small = new FailedAttempts(1, Duration.ofMinutes(5), 2, clock);
        small.failed("a");
        small.failed("b");
        small.failed("c");

        assertThat(small.blockedFor("c")).as("not tracked: no room").isZero();
        assertThat(small.blockedFor("a")).isPositive();
        clock.advance(Duration.ofMinutes(5));
        small.failed("c");
        assertThat(small.blockedFor("c")).isPositive();
    }
}
