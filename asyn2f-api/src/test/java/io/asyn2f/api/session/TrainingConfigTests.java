package io.asyn2f.api.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventFormatException;
import io.asyn2f.api.event.SessionOpened;
import io.asyn2f.api.event.UpdateKind;

class TrainingConfigTests {

    private final EventCodec codec = new EventCodec();

    /** What an aggregator wrote before TrainingConfig: extra keys, and no beta or alphaForm for a baseline. */
    private static String opened(String trainingConfig) {
        return """
                {"type":"session.opened","schemaVersion":1,"eventId":"e-1","occurredAt":"2026-11-28T12:00:00Z",
                 "payload":{"sessionId":"s-1","strategy":"fedavg","modelArchitecture":"mlp:3-2",
                 "uploadLimitBytes":4096,"trainingConfig":%s}}""".formatted(trainingConfig);
    }

    @Test
    void shouldReadTheConfigurationOfABaselineWrittenBeforeTheRecordExisted() {
        String old = """
                {"modelArchitecture":"mlp:3-2","parameterCount":11,"dataset":"fashion-mnist","strategy":"fedavg",
                 "updateKind":"MODEL","workerMerge":"replace","batchSize":128,"exchangeEveryEpochs":5,
                 "accuracyThreshold":0.0,"epochThreshold":0,"learningRate":0.1,"seed":42,"uploadLimitBytes":4096}""";

        SessionOpened event = (SessionOpened) codec.decode(opened(old).getBytes(StandardCharsets.UTF_8)).event();

        TrainingConfig config = event.trainingConfig();
        assertThat(config.workerMerge()).isEqualTo("replace");
        assertThat(config.alphaForm()).isEqualTo("BETA_ON_LOSS");
        assertThat(config.updateKind()).isEqualTo(UpdateKind.MODEL);
        assertThat(config.batchSize()).isEqualTo(128);
    }

    @Test
    void shouldReadAStoredConfigurationWithoutTheMergeFieldsThroughAPlainMapper() {
        String stored = """
                {"modelArchitecture":"mlp:3-2","strategy":"kafl","updateKind":"MODEL","workerMerge":"replace",
                 "batchSize":64,"exchangeEveryEpochs":5,"accuracyThreshold":0.0,"epochThreshold":0,
                 "learningRate":0.1,"seed":7,"parameterCount":11}""";

        TrainingConfig config = tools.jackson.databind.json.JsonMapper.builder().build()
                .readValue(stored, TrainingConfig.class);

        assertThat(config.strategy()).isEqualTo("kafl");
        assertThat(config.alphaForm()).isEqualTo("BETA_ON_LOSS");
        assertThat(config.seed()).isEqualTo(7);
    }

    @Test
    void shouldRefuseAConfigurationThatBreaksItsBounds() {
        String bad = """
                {"modelArchitecture":"mlp:3-2","strategy":"asyn2f","updateKind":"MODEL","workerMerge":"asyn2f",
                 "beta":1.5,"alphaForm":"BETA_ON_LOSS","batchSize":128,"exchangeEveryEpochs":5,
                 "accuracyThreshold":0.0,"epochThreshold":0,"learningRate":0.1,"seed":42}""";

        assertThatThrownBy(() -> codec.decode(opened(bad).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventFormatException.class);
        assertThatThrownBy(() -> new TrainingConfig("mlp:3-2", "asyn2f", UpdateKind.MODEL, "merge-somehow", 0.6,
                "BETA_ON_LOSS", 128, 5, 0, 0, 0.1, 42)).hasMessageContaining("workerMerge must be one of");
        assertThatThrownBy(() -> new TrainingConfig("mlp:3-2", "asyn2f", UpdateKind.MODEL, "asyn2f", 0.6,
                "BETA_ON_LOSS", 0, 5, 0, 0, 0.1, 42)).hasMessageContaining("batchSize");
    }
}
