package io.asyn2f.core.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.asyn2f.core.merge.Asyn2fMerge;

/** The one list of strategies: names, defaults, bounds and refusals. */
class StrategyRegistryTests {

    private static List<StrategyDefinition.Problem> problems(String name, Map<String, ?> values) {
        try {
            StrategyDefinition.parse(name, values);
        } catch (StrategyDefinition.InvalidParameters e) {
            return e.problems();
        }
        throw new AssertionError("accepted " + name + " " + values);
    }

    @Test
    void shouldListEveryStrategyOnceInItsOrder() {
        assertThat(StrategyDefinition.names()).containsExactly("asyn2f", "fedavg", "kafl", "fedasync", "fedbuff",
                "fedavgm");
    }

    @Test
    void shouldListEachStrategyByTheDefinitionItsOwnFileDeclares() throws ReflectiveOperationException {
        for (StrategyDefinition definition : StrategyDefinition.all()) {
            Class<?> built = definition.defaults().build().getClass();
            assertThat(built.getField("DEFINITION").get(null)).as(built.getSimpleName()).isSameAs(definition);
        }
    }

    @Test
    void shouldFillInTheDocumentedDefaults() {
        assertThat(StrategyDefinition.parse("asyn2f", Map.of()).values())
                .containsExactly(Map.entry("m", 3), Map.entry("beta", 0.6), Map.entry("alphaForm", "BETA_ON_LOSS"));
        assertThat(StrategyDefinition.parse("fedavg", Map.of()).values()).isEmpty();
        assertThat(StrategyDefinition.parse("kafl", Map.of()).values())
                .containsExactly(Map.entry("m", 3), Map.entry("globalWeight", 0.2));
        assertThat(StrategyDefinition.parse("fedasync", Map.of()).values())
                .containsExactly(Map.entry("mixing", 0.6), Map.entry("staleness", Map.of("function", "constant")));
        assertThat(StrategyDefinition.parse("fedbuff", Map.of()).values())
                .containsExactly(Map.entry("bufferSize", 3), Map.entry("serverLearningRate", 1.0));
        assertThat(StrategyDefinition.parse("fedavgm", Map.of()).values())
                .containsExactly(Map.entry("momentum", 0.9), Map.entry("serverLearningRate", 1.0));
    }

    @Test
    void shouldBuildTheStrategyTheParametersDescribe() {
        Strategy asyn2f = StrategyDefinition.parse("ASYN2F", Map.of("m", 5, "beta", 0.3, "alphaForm", "beta_on_size"))
                .build();

        assertThat(asyn2f).isInstanceOfSatisfying(Asyn2fStrategy.class, s -> {
            assertThat(s.minUpdates()).isEqualTo(5);
            assertThat(((Asyn2fMerge) s.workerMerge()).beta()).isEqualTo(0.3);
            assertThat(((Asyn2fMerge) s.workerMerge()).form()).isEqualTo(Asyn2fMerge.AlphaForm.BETA_ON_SIZE);
        });
        for (StrategyDefinition definition : StrategyDefinition.all()) {
            assertThat(definition.defaults().build().name()).isEqualTo(definition.name());
            assertThat(definition.defaults().definition()).isSameAs(definition);
        }
    }

    @Test
    void shouldReadItsOwnValuesBackUnchanged() {
        Map<String, Object> hinge = Map.of("mixing", 0.5, "staleness", Map.of("function", "hinge", "a", 2.0, "b", 7));
        StrategyParameters parsed = StrategyDefinition.parse("fedasync", hinge);

        assertThat(parsed.values()).isEqualTo(hinge);
        assertThat(StrategyDefinition.parse("fedasync", parsed.values())).isEqualTo(parsed);
        assertThat(StrategyDefinition.parse("fedasync",
                Map.of("staleness", Map.of("function", "Polynomial"))).values())
                .containsEntry("staleness", Map.of("function", "polynomial", "exponent", 0.5));
    }

    @Test
    void shouldRefuseValuesOutOfBoundsNamingTheParameterAndTheBound() {
        assertThat(problems("asyn2f", Map.of("m", 0))).containsExactly(
                new StrategyDefinition.Problem("m", "must be between 1 and 10000, was 0"));
        assertThat(problems("fedbuff", Map.of("bufferSize", 10_001, "serverLearningRate", 11)))
                .extracting(StrategyDefinition.Problem::toString).containsExactly(
                        "strategy.bufferSize must be between 1 and 10000, was 10001",
                        "strategy.serverLearningRate must be in (0, 10], was 11");
        assertThat(problems("kafl", Map.of("globalWeight", 1))).containsExactly(
                new StrategyDefinition.Problem("globalWeight", "must be in [0, 1), was 1"));
        assertThat(problems("asyn2f", Map.of("m", 2.5, "alphaForm", "SIDEWAYS")))
                .extracting(StrategyDefinition.Problem::parameter).containsExactly("m", "alphaForm");
        assertThat(problems("fedasync", Map.of("mixing", "much", "staleness", Map.of("function", "cubic"))))
                .extracting(StrategyDefinition.Problem::parameter).containsExactly("mixing", "staleness.function");
        assertThat(problems("fedasync", Map.of("staleness", Map.of("function", "polynomial", "exponent", 11))))
                .extracting(StrategyDefinition.Problem::parameter).containsExactly("staleness.exponent");
    }

    @Test
    void shouldRefuseAnotherStrategysParameterAndAnUnknownKey() {
        assertThat(problems("asyn2f", Map.of("bufferSize", 4))).containsExactly(new StrategyDefinition.Problem(
                "bufferSize", "applies to fedbuff only, the strategy is asyn2f (its parameters are m, beta, alphaForm)"));
        assertThat(problems("fedavg", Map.of("serverLearningRate", 0.5))).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("applies to fedbuff, fedavgm only"));
        assertThat(problems("kafl", Map.of("colour", "blue"))).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("is not a parameter of kafl"));
        assertThat(problems("fedasync", Map.of("staleness", Map.of("function", "constant", "exponent", 1))))
                .extracting(StrategyDefinition.Problem::parameter).containsExactly("staleness.exponent");
    }

    @Test
    void shouldTreatANullValueAsAbsent() {
        Map<String, Object> values = new HashMap<>();
        values.put("m", null);
        values.put("bufferSize", null);

        assertThat(StrategyDefinition.parse("asyn2f", values).values()).containsEntry("m", 3);
    }

    @Test
    void shouldRefuseAnUnknownNameListingTheRegistry() {
        assertThat(problems("sgd", Map.of())).containsExactly(new StrategyDefinition.Problem("name",
                "unknown strategy 'sgd'; expected one of " + String.join(", ", StrategyDefinition.names())));
    }

    @Test
    void shouldLoadAStoredConfigurationWithKeysItNoLongerReads() {
        Map<String, Object> stored = Map.of("m", 4, "bufferSize", 9, "staleness", Map.of("function", "constant"));

        assertThat(StrategyDefinition.parseStored("asyn2f", stored).values()).containsEntry("m", 4);
        assertThatThrownBy(() -> StrategyDefinition.parseStored("asyn2f", Map.of("m", 0)))
                .isInstanceOf(StrategyDefinition.InvalidParameters.class).hasMessage(
                        "strategy.m must be between 1 and 10000, was 0");
    }

    @Test
    void shouldGiveTheComparisonItsQuotaAndThePapersSettings() {
        assertThat(StrategyDefinition.named("kafl").orElseThrow().comparisonParameters(4)).isEqualTo(Map.of("m", 4));
        assertThat(StrategyDefinition.named("fedbuff").orElseThrow().comparisonParameters(4))
                .isEqualTo(Map.of("bufferSize", 4));
        assertThat(StrategyDefinition.named("fedavg").orElseThrow().comparisonParameters(4)).isEmpty();
        assertThat(StrategyDefinition.named("fedasync").orElseThrow().comparisonParameters(4))
                .containsKey("staleness");
        assertThat(Arrays.stream(new String[] {"asyn2f", "fedavgm"}).map(StrategyDefinition::named))
                .allMatch(java.util.Optional::isPresent);
    }
}
