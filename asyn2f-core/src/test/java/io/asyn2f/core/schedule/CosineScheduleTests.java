package io.asyn2f.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CosineScheduleTests {

    private final CosineSchedule schedule = CosineSchedule.reference(100);

    @Test
    void followsTheCosineFromLr0ToLrMin() {
        assertThat(schedule.at(0)).isEqualTo(0.1);
        assertThat(schedule.at(1)).isEqualTo(0.1);
        assertThat(schedule.at(26)).isCloseTo(0.05 * (1 + Math.cos(Math.PI / 4)), within(1e-12));
        assertThat(schedule.at(51)).isCloseTo(0.05, within(1e-12));
        assertThat(schedule.at(101)).isEqualTo(0.005);
        assertThat(schedule.at(102)).isEqualTo(0.005);
        assertThat(schedule.at(10_000)).isEqualTo(0.005);
    }

    @Test
    void neverIncreasesAndNeverDropsBelowTheMinimum() {
        for (long v = 0; v < 300; v++) {
            assertThat(schedule.at(v + 1)).isLessThanOrEqualTo(schedule.at(v)).isGreaterThanOrEqualTo(0.005);
        }
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new CosineSchedule(0.01, 0.1, 10)).hasMessageContaining("minimum <= initial");
        assertThatThrownBy(() -> new CosineSchedule(0.1, 0.01, 0)).hasMessageContaining("periodVersions");
        assertThat(new ConstantSchedule(0.02).at(99)).isEqualTo(0.02);
    }
}
