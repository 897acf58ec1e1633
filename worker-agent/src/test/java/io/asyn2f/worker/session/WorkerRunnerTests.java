package io.asyn2f.worker.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkerRunnerTests {

    @Test
    void shouldReportTheBackendItRunsOn() {
        // The default build carries nd4j-native only; with -Pcuda this would say nd4j-cuda-11.6.
        assertThat(WorkerRunner.backend()).isEqualTo("nd4j-native");
    }
}
