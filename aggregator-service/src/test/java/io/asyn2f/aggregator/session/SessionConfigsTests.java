package io.asyn2f.aggregator.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.asyn2f.aggregator.system.ApiException;
import io.asyn2f.core.aggregation.FedBuffStrategy;
import io.asyn2f.core.event.UpdateKind;
import tools.jackson.databind.json.JsonMapper;

class SessionConfigsTests {

    private final SessionConfigs configs = new SessionConfigs(JsonMapper.builder().build());

    private static SessionConfig request(SessionConfig.StrategySettings strategy, Long uploadLimit) {
        return new SessionConfig(null, "mlp:3-2", new SessionConfig.Dataset("synthetic", null), strategy, null, null,
                null, null, null, uploadLimit, null);
    }

    private static SessionConfig.StrategySettings strategy(String name) {
        return new SessionConfig.StrategySettings(name, null, null, null, null, null, null, null, null);
    }

    @Test
    void shouldFillInTheDocumentedDefaults() {
        SessionConfig config = configs.normalise(request(strategy("asyn2f"), null));

        assertThat(config.strategy().m()).isEqualTo(3);
        assertThat(config.strategy().beta()).isEqualTo(0.6);
        assertThat(config.strategy().alphaForm()).isEqualTo("BETA_ON_LOSS");
        assertThat(config.minWorkers()).isEqualTo(1);
        assertThat(config.maxWait()).isEqualTo(SessionConfigs.DEFAULT_MAX_WAIT);
        assertThat(config.uploadLimitBytes()).isEqualTo(80 + 4 * 8);
        assertThat(config.exchange().batchSize()).isEqualTo(128);
        assertThat(config.learningRate().schedule()).isEqualTo("cosine");
        assertThat(config.seed()).isEqualTo(42);
    }

    @Test
    void shouldBuildTheConfiguredStrategyAndSurviveAJsonRoundTrip() {
        SessionConfig config = configs.normalise(request(new SessionConfig.StrategySettings("FedBuff", null, null,
                null, null, null, null, 4, 0.5), null));
        TrainingSession session = new TrainingSession("s-1", config.modelArchitecture(), config.strategy().name(),
                configs.toJson(config), java.time.Instant.now());

        SessionRuntime runtime = configs.runtime(session);

        assertThat(runtime.strategy()).isInstanceOf(FedBuffStrategy.class);
        assertThat(runtime.strategy().updateKind()).isEqualTo(UpdateKind.DELTA);
        assertThat(runtime.config()).isEqualTo(config);
        assertThat(runtime.trainingConfig()).containsEntry("updateKind", "DELTA").containsEntry("workerMerge",
                runtime.strategy().workerMerge().name());
    }

    @Test
    void shouldListEveryProblemOfAnInvalidRequest() {
        assertThatThrownBy(() -> configs.normalise(new SessionConfig(null, "mlp:nope",
                new SessionConfig.Dataset("d", null), strategy("sgd"), java.time.Duration.ZERO, null, null,
                new SessionConfig.LearningRate("step", null, null, null), null, null, null)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors())
                        .extracting(error -> error.get("field"))
                        .containsExactlyInAnyOrder("modelArchitecture", "strategy.name", "maxWait",
                                "learningRate.schedule"));
    }
}
