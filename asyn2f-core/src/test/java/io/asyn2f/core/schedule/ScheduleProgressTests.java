package io.asyn2f.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScheduleProgressTests {

    @Test
    void followsTheVersionWhenEachVersionCarriesWorkOnThePreviousOne() {
        long step = 0;
        for (long version = 1; version <= 10; version++) {
            step = ScheduleProgress.next(step, version - 1);
            assertThat(step).isEqualTo(version);
        }
    }

    @Test
    void staysPutWhileVersionsAreBuiltFromWorkOnAnOldVersion() {
        long step = ScheduleProgress.next(9, 9);
        for (int k = 0; k < 29; k++) {
            step = ScheduleProgress.next(step, 9);
        }
        assertThat(step).isEqualTo(10);
        assertThat(ScheduleProgress.next(step, 38)).isEqualTo(39);
    }

    @Test
    void neverGoesBack() {
        assertThat(ScheduleProgress.next(12, 3)).isEqualTo(12);
    }

    @Test
    void refusesNegativeInput() {
        assertThatThrownBy(() -> ScheduleProgress.next(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScheduleProgress.next(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
