package io.asyn2f.aggregator.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ObjectKeysTests {

    @Test
    void shouldAcceptOnlyKeysUnderTheWorkersOwnPrefix() {
        assertThat(ObjectKeys.isUnderWorkerPrefix("sessions/s-1/workers/w-1/updates/u.a2fm", "s-1", "w-1")).isTrue();
        assertThat(ObjectKeys.isUnderWorkerPrefix("sessions/s-1/workers/w-2/updates/u.a2fm", "s-1", "w-1")).isFalse();
        assertThat(ObjectKeys.isUnderWorkerPrefix("sessions/s-1/workers/w-10/u.a2fm", "s-1", "w-1")).isFalse();
        assertThat(ObjectKeys.isUnderWorkerPrefix("sessions/s-1/workers/w-1/../w-2/u.a2fm", "s-1", "w-1")).isFalse();
        assertThat(ObjectKeys.isUnderWorkerPrefix("sessions/s-1/workers/w-1/", "s-1", "w-1")).isFalse();
        assertThat(ObjectKeys.isUnderWorkerPrefix("sessions/s-1/global/1.a2fm", "s-1", "w-1")).isFalse();
    }

    @Test
    void shouldPlaceGlobalModelsUnderTheSession() {
        assertThat(ObjectKeys.globalModel("s-1", 12)).isEqualTo("sessions/s-1/global/12.a2fm");
    }
}
