package io.asyn2f.standalone.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LoadTestRampTests {

    @Test
    void shouldRampUpOverTheWarmupLessOnePeriodSoTheFullRateIsReachedBeforeTheWindow() {
        assertThat(LoadTest.rampUp(Duration.ofSeconds(20), Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
        assertThat(LoadTest.rampUp(Duration.ofSeconds(60), Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(55));
    }

    @Test
    void shouldStartEveryWorkerAtOnceWithoutAWarmupLongerThanAPeriod() {
        assertThat(LoadTest.rampUp(Duration.ZERO, Duration.ofSeconds(10))).isZero();
        assertThat(LoadTest.rampUp(Duration.ofSeconds(10), Duration.ofSeconds(10))).isZero();
        assertThat(LoadTest.rampUp(Duration.ofSeconds(5), Duration.ofSeconds(10))).isZero();
    }
}
