package io.asyn2f.api.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class ObjectKeysTests {

    @Test
    void shouldPutAWorkersUpdatesUnderItsOwnPrefix() {
        String key = ObjectKeys.newUpdate("s-1", "w-3");

        assertThat(key).startsWith(ObjectKeys.workerPrefix("s-1", "w-3"))
                .matches("sessions/s-1/workers/w-3/updates/[0-9a-f-]{36}\\.a2fm");
        assertThat(ObjectKeys.newUpdate("s-1", "w-3")).isNotEqualTo(key);
    }

    @Test
    void shouldNameGlobalModelsByVersion() {
        assertThat(ObjectKeys.globalModel("s-1", 12)).isEqualTo("sessions/s-1/global/12.a2fm");
        assertThat(ObjectKeys.globalVersionOf("s-1", "sessions/s-1/global/12.a2fm")).isEqualTo(OptionalLong.of(12));
        assertThat(ObjectKeys.globalVersionOf("s-1", "sessions/s-1/global/012.a2fm")).isEmpty();
        assertThat(ObjectKeys.globalVersionOf("s-1", "sessions/s-10/global/1.a2fm")).isEmpty();
        assertThat(ObjectKeys.globalVersionOf("s-1", "sessions/s-1/global/1.a2fm.tmp")).isEmpty();
    }

    @Test
    void shouldRefuseIdsThatCouldSpellAPath() {
        assertThatThrownBy(() -> ObjectKeys.workerPrefix("s-1", "../w-2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ObjectKeys.sessionPrefix("s/1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAcceptOnlyPlainKeysFromCallers() {
        assertThat(ObjectKeys.isWellFormed("sessions/s-1/workers/w-1/updates/abc.a2fm")).isTrue();
        assertThat(ObjectKeys.isWellFormed("sessions/s-1/workers/w-1/../w-2/x")).isFalse();
        assertThat(ObjectKeys.isWellFormed("/sessions/s-1/x")).isFalse();
        assertThat(ObjectKeys.isWellFormed("sessions//s-1/x")).isFalse();
        assertThat(ObjectKeys.isWellFormed("sessions/s-1/x?y")).isFalse();
        assertThat(ObjectKeys.isWellFormed("sessions/s-1/.hidden")).isFalse();
        assertThat(ObjectKeys.isWellFormed("x".repeat(513))).isFalse();
    }

    @Test
    void shouldAcceptOnlyKeysStrictlyUnderTheWorkersOwnPrefix() {
        assertThat(ObjectKeys.isUnderWorkerPrefix("sessions/s-1/workers/w-1/updates/u.a2fm", "s-1", "w-1")).isTrue();
        assertThat(ObjectKeys.isUnderWorkerPrefix("sessions/s-1/workers/w-2/updates/u.a2fm", "s-1", "w-1")).isFalse();
        assertThat(ObjectKeys.isUnderWorkerPrefix("sessions/s-1/workers/w-10/u.a2fm", "s-1", "w-1")).isFalse();
        assertThat(ObjectKeys.isUnderWorkerPrefix("sessions/s-1/workers/w-1/../w-2/u.a2fm", "s-1", "w-1")).isFalse();
        assertThat(ObjectKeys.isUnderWorkerPrefix("sessions/s-1/workers/w-1//u.a2fm", "s-1", "w-1")).isFalse();
        assertThat(ObjectKeys.isUnderWorkerPrefix("sessions/s-1/workers/w-1/", "s-1", "w-1")).isFalse();
        assertThat(ObjectKeys.isUnderWorkerPrefix("sessions/s-1/global/1.a2fm", "s-1", "w-1")).isFalse();
    }
}
