package io.asyn2f.aggregator.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.asyn2f.aggregator.config.AggregatorProperties;
import io.asyn2f.aggregator.web.ApiException;
import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.core.aggregation.FedBuffStrategy;
import tools.jackson.databind.json.JsonMapper;

class SessionConfigsTests {

    private static final AggregatorProperties.Limits LIMITS = new AggregatorProperties.Limits(50_000_000, 512L << 20,
            10_000, 100);

    private final SessionConfigs configs = new SessionConfigs(JsonMapper.builder().build(), LIMITS);

    private static SessionConfig request(SessionConfig.StrategySettings strategy, Long uploadLimit) {
        return new SessionConfig(null, "mlp:3-2", new SessionConfig.Dataset("synthetic", null), strategy, null, null,
                null, null, null, uploadLimit, null);
    }

    private static SessionConfig.StrategySettings strategy(String name) {
        return new SessionConfig.StrategySettings(name, java.util.Map.of());
    }

    @Test
    void shouldFillInTheDocumentedDefaults() {
        SessionConfig config = configs.normalise(request(strategy("asyn2f"), null));

        assertThat(config.strategy().parameters()).containsExactly(java.util.Map.entry("m", 3),
                java.util.Map.entry("beta", 0.6), java.util.Map.entry("alphaForm", "BETA_ON_LOSS"));
        assertThat(config.minWorkers()).isEqualTo(1);
        assertThat(config.maxWait()).isEqualTo(SessionConfigs.DEFAULT_MAX_WAIT);
        assertThat(config.uploadLimitBytes()).isEqualTo(80 + 4 * 8);
        assertThat(config.exchange().batchSize()).isEqualTo(128);
        assertThat(config.learningRate().schedule()).isEqualTo("cosine");
        assertThat(config.seed()).isEqualTo(42);
    }

    @Test
    void shouldBuildTheConfiguredStrategyAndSurviveAJsonRoundTrip() {
        SessionConfig config = configs.normalise(request(new SessionConfig.StrategySettings("FedBuff",
                java.util.Map.of("bufferSize", 4, "serverLearningRate", 0.5)), null));
        TrainingSession session = new TrainingSession("s-1", config.modelArchitecture(), config.strategy().name(),
                configs.toJson(config), java.time.Instant.now());

        SessionRuntime runtime = configs.runtime(session);

        assertThat(runtime.strategy()).isInstanceOf(FedBuffStrategy.class);
        assertThat(runtime.strategy().updateKind()).isEqualTo(UpdateKind.DELTA);
        assertThat(runtime.config()).isEqualTo(config);
        assertThat(runtime.trainingConfig().updateKind()).isEqualTo(UpdateKind.DELTA);
        assertThat(runtime.trainingConfig().workerMerge()).isEqualTo(runtime.strategy().workerMerge().name());
    }

    @Test
    void shouldShowEveryParameterOfTheStrategyAndNoneOfAnother() {
        SessionConfig config = configs.normalise(request(new SessionConfig.StrategySettings("fedavgm", 5,
                java.util.Map.of("momentum", 0.5)), null));

        assertThat(config.strategy().name()).isEqualTo("fedavgm");
        assertThat(config.strategy().maxStaleness()).isEqualTo(5);
        assertThat(config.strategy().parameters()).containsExactly(java.util.Map.entry("momentum", 0.5),
                java.util.Map.entry("serverLearningRate", 1.0));
        assertThat(configs.toJson(config)).contains("\"strategy\":{\"name\":\"fedavgm\",\"maxStaleness\":5,"
                + "\"momentum\":0.5,\"serverLearningRate\":1.0}");
    }

    @Test
    void shouldRefuseAnotherStrategysParameterNamingIt() {
        SessionConfig request = request(new SessionConfig.StrategySettings("asyn2f",
                java.util.Map.of("bufferSize", 4)), null);

        assertThat(onlyError(request, configs)).containsEntry("field", "strategy.bufferSize")
                .hasEntrySatisfying("message", message -> assertThat(message).contains("applies to fedbuff only"));
    }

    @Test
    void shouldReadStrategyParametersOnlyAsFlatKeys() {
        SessionConfig.StrategySettings nested = JsonMapper.builder().build().readValue(
                "{\"name\":\"asyn2f\",\"parameters\":{\"m\":4},\"beta\":0.5}", SessionConfig.StrategySettings.class);

        assertThat(nested.parameters()).containsEntry("beta", 0.5);
        assertThat(onlyError(request(nested, null), configs)).containsEntry("field", "strategy.parameters");
    }

    @Test
    void shouldLoadASessionStoredWithTheEarlierStrategyShape() {
        SessionConfig config = configs.normalise(request(strategy("asyn2f"), null));
        String stored = configs.toJson(config).replace("\"strategy\":{\"name\":\"asyn2f\",\"maxStaleness\":null,"
                + "\"m\":3,\"beta\":0.6,\"alphaForm\":\"BETA_ON_LOSS\"}", "\"strategy\":{\"name\":\"fedasync\","
                + "\"m\":null,\"beta\":null,\"alphaForm\":null,\"globalWeight\":null,\"mixing\":0.5,"
                + "\"staleness\":{\"function\":\"polynomial\",\"exponent\":null,\"a\":null,\"b\":null},"
                + "\"bufferSize\":null,\"serverLearningRate\":null,\"maxStaleness\":7}");
        assertThat(stored).contains("fedasync");

        SessionRuntime runtime = configs.runtime(new TrainingSession("s-old", config.modelArchitecture(), "fedasync",
                stored, java.time.Instant.now()));

        assertThat(runtime.strategy()).isInstanceOf(io.asyn2f.core.aggregation.FedAsyncStrategy.class);
        assertThat(runtime.maxStaleness()).isEqualTo(7);
    }

    @Test
    void shouldGiveEachSessionItsOwnStrategyObject() {
        SessionConfig config = configs.normalise(request(strategy("fedavgm"), null));

        SessionRuntime one = configs.runtime(new TrainingSession("s-a", config.modelArchitecture(), "fedavgm",
                configs.toJson(config), java.time.Instant.now()));
        SessionRuntime two = configs.runtime(new TrainingSession("s-b", config.modelArchitecture(), "fedavgm",
                configs.toJson(config), java.time.Instant.now()));

        assertThat(one.strategy()).isInstanceOf(io.asyn2f.core.aggregation.FedAvgMStrategy.class)
                .isNotSameAs(two.strategy());
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

    private static SessionConfig withArchitecture(String architecture) {
        return new SessionConfig(null, architecture, new SessionConfig.Dataset("synthetic", null), strategy("asyn2f"),
                null, null, null, null, null, null, null);
    }

    private static java.util.Map<String, String> onlyError(SessionConfig request, SessionConfigs configs) {
        try {
            configs.normalise(request);
        } catch (ApiException e) {
            assertThat(e.errors()).hasSize(1);
            return e.errors().get(0);
        }
        throw new AssertionError("accepted " + request);
    }

    @Test
    void shouldRefuseModelsAboveTheParameterLimitNamingFieldAndLimit() {
        for (String architecture : java.util.List.of("mlp:8000-8000-10", "mlp:30000-30000-10", "mlp:40000-40000-10",
                "mlp:65536-65536-10")) {
            assertThat(onlyError(withArchitecture(architecture), configs)).as(architecture)
                    .containsEntry("field", "modelArchitecture")
                    .hasEntrySatisfying("message", message -> assertThat(message).contains("at most 50000000"));
        }
        assertThat(configs.normalise(withArchitecture("mlp:784-128-10")).modelArchitecture()).isEqualTo("mlp:784-128-10");
    }

    @Test
    void shouldRefuseAModelWhoseBlobIsLargerThanTheUploadCap() {
        SessionConfigs small = new SessionConfigs(JsonMapper.builder().build(),
                new AggregatorProperties.Limits(50_000_000, 1000, 10_000, 100));

        assertThat(onlyError(withArchitecture("mlp:784-128-10"), small)).containsEntry("field", "modelArchitecture");
    }

    @Test
    void shouldRefuseAnUploadLimitAboveTheCap() {
        assertThat(onlyError(request(strategy("asyn2f"), 1_000_000_000_000_000L), configs))
                .containsEntry("field", "uploadLimitBytes")
                .hasEntrySatisfying("message", message -> assertThat(message).contains("at most " + (512L << 20)));
        assertThat(configs.normalise(request(strategy("asyn2f"), 512L << 20)).uploadLimitBytes()).isEqualTo(512L << 20);
    }

    @Test
    void shouldRefuseMoreMinWorkersThanTheCap() {
        SessionConfig request = new SessionConfig(null, "mlp:3-2", new SessionConfig.Dataset("synthetic", null),
                strategy("asyn2f"), null, 100_000, null, null, null, null, null);

        assertThat(onlyError(request, configs)).containsEntry("field", "minWorkers")
                .hasEntrySatisfying("message", message -> assertThat(message).contains("at most 10000"));
    }

    @Test
    void shouldBoundMaxWaitBetweenOneSecondAndSevenDays() {
        for (java.time.Duration wait : java.util.List.of(java.time.Duration.ofMillis(1), java.time.Duration.ofDays(8))) {
            SessionConfig request = new SessionConfig(null, "mlp:3-2", new SessionConfig.Dataset("synthetic", null),
                    strategy("asyn2f"), wait, null, null, null, null, null, null);
            assertThat(onlyError(request, configs)).as(wait.toString()).containsEntry("field", "maxWait");
        }
        SessionConfig oneSecond = new SessionConfig(null, "mlp:3-2", new SessionConfig.Dataset("synthetic", null),
                strategy("asyn2f"), java.time.Duration.ofSeconds(1), null, null, null, null, null, null);
        assertThat(configs.normalise(oneSecond).maxWait()).isEqualTo(java.time.Duration.ofSeconds(1));
    }

    @Test
    void shouldBoundMaxWallTimeToAYear() {
        SessionConfig request = new SessionConfig(null, "mlp:3-2", new SessionConfig.Dataset("synthetic", null),
                strategy("asyn2f"), null, null, null, null,
                new SessionConfig.Stop(null, null, java.time.Duration.ofDays(366)), null, null);

        assertThat(onlyError(request, configs)).containsEntry("field", "stop.maxWallTime");
    }
}
