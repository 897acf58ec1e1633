package io.asyn2f.aggregator.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The fixed bounds of a session request, as Bean Validation applies them to the request body. */
class SessionConfigBoundsTests {

    private static final jakarta.validation.ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    private static SessionConfig.StrategySettings asyn2f(Integer m) {
        return strategy("asyn2f", "m", m);
    }

    private static SessionConfig.StrategySettings strategy(String name, String parameter, Object value) {
        java.util.Map<String, Object> parameters = new java.util.HashMap<>();
        parameters.put(parameter, value);
        return new SessionConfig.StrategySettings(name, parameters);
    }

    /** A strategy's bounds are its definition's, applied when the request is normalised. */
    private static Set<String> invalidStrategyFields(SessionConfig.StrategySettings strategy) {
        try {
            CONFIGS.normalise(session(strategy, null, null, null));
            return Set.of();
        } catch (io.asyn2f.aggregator.web.ApiException e) {
            return e.errors().stream().map(error -> error.get("field")).collect(Collectors.toSet());
        }
    }

    private static final SessionConfigs CONFIGS = new SessionConfigs(tools.jackson.databind.json.JsonMapper.builder()
            .build(), new io.asyn2f.aggregator.config.AggregatorProperties.Limits(50_000_000, 512L << 20, 10_000, 100));

    private static SessionConfig session(SessionConfig.StrategySettings strategy, SessionConfig.Exchange exchange,
            SessionConfig.LearningRate learningRate, SessionConfig.Stop stop) {
        return new SessionConfig(null, "mlp:3-2", new SessionConfig.Dataset("synthetic", null), strategy, null, null,
                exchange, learningRate, stop, null, null);
    }

    private static Set<String> invalidFields(SessionConfig config) {
        return VALIDATOR.validate(config).stream().map(ConstraintViolation::getPropertyPath).map(Object::toString)
                .collect(Collectors.toSet());
    }

    private static SessionConfig.LearningRate learningRate(Double initial, Double minimum, Long period) {
        return new SessionConfig.LearningRate("cosine", initial, minimum, period);
    }

    @Test
    void shouldAcceptTheBoundsThemselves() {
        assertThat(invalidStrategyFields(asyn2f(10_000))).isEmpty();
        assertThat(invalidFields(session(asyn2f(10_000), new SessionConfig.Exchange(10_000, 1.0, 1_000_000, 65_536),
                learningRate(10.0, 10.0, (long) SessionConfig.MAX_VERSIONS),
                new SessionConfig.Stop(1.0, (long) SessionConfig.MAX_VERSIONS, null)))).isEmpty();
    }

    @Test
    void shouldRefuseALearningRateAboveTen() {
        assertThat(invalidFields(session(asyn2f(null), null, learningRate(1e9, null, null), null)))
                .containsExactly("learningRate.initial");
        assertThat(invalidFields(session(asyn2f(null), null, learningRate(null, 10.5, null), null)))
                .containsExactly("learningRate.minimum");
    }

    @Test
    void shouldRefuseANonPositiveLearningRate() {
        assertThat(invalidFields(session(asyn2f(null), null, learningRate(0.0, null, null), null)))
                .containsExactly("learningRate.initial");
    }

    @Test
    void shouldRefuseAnUnboundedSchedulePeriod() {
        assertThat(invalidFields(session(asyn2f(null), null, learningRate(null, null, Long.MAX_VALUE), null)))
                .containsExactly("learningRate.periodVersions");
    }

    @Test
    void shouldRefuseMOutsideOneToTenThousand() {
        assertThat(invalidStrategyFields(asyn2f(0))).containsExactly("strategy.m");
        assertThat(invalidStrategyFields(asyn2f(10_001))).containsExactly("strategy.m");
    }

    @Test
    void shouldRefuseABufferSizeAboveTenThousand() {
        assertThat(invalidStrategyFields(strategy("fedbuff", "bufferSize", 10_001)))
                .containsExactly("strategy.bufferSize");
    }

    @Test
    void shouldRefuseAServerLearningRateAboveTen() {
        assertThat(invalidStrategyFields(strategy("fedbuff", "serverLearningRate", 11.0)))
                .containsExactly("strategy.serverLearningRate");
    }

    @Test
    void shouldRefuseBetaAndMixingOutsideTheirRanges() {
        assertThat(invalidStrategyFields(strategy("asyn2f", "beta", 1.5))).containsExactly("strategy.beta");
        assertThat(invalidStrategyFields(strategy("fedasync", "mixing", 0.0))).containsExactly("strategy.mixing");
    }

    @Test
    void shouldRefuseAMaxStalenessOutsideItsBounds() {
        assertThat(invalidFields(session(new SessionConfig.StrategySettings("fedavg", 0, null), null, null, null)))
                .containsExactly("strategy.maxStaleness");
    }

    @Test
    void shouldRefuseABatchSizeAboveTheBound() {
        assertThat(invalidFields(session(asyn2f(null), new SessionConfig.Exchange(null, null, null, 65_537), null,
                null))).containsExactly("exchange.batchSize");
    }

    @Test
    void shouldRefuseAMaxVersionAboveTheBound() {
        assertThat(invalidFields(session(asyn2f(null), null, null,
                new SessionConfig.Stop(null, SessionConfig.MAX_VERSIONS + 1L, null)))).containsExactly("stop.maxVersion");
    }

    @Test
    void shouldRefuseATargetAccuracyOutsideZeroToOne() {
        assertThat(invalidFields(session(asyn2f(null), null, null, new SessionConfig.Stop(0.0, null, null))))
                .containsExactly("stop.targetAccuracy");
        assertThat(invalidFields(session(asyn2f(null), null, null, new SessionConfig.Stop(1.01, null, null))))
                .containsExactly("stop.targetAccuracy");
    }

    @Test
    void shouldAcceptAnySeed() {
        SessionConfig config = new SessionConfig(null, "mlp:3-2", new SessionConfig.Dataset("synthetic", null),
                asyn2f(null), null, null, null, null, null, null, Long.MIN_VALUE);

        assertThat(invalidFields(config)).isEmpty();
    }
}
