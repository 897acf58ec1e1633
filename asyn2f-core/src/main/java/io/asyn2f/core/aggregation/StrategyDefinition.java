package io.asyn2f.core.aggregation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The registry of server-side strategies: every strategy a session may name, its typed parameters with their
 * defaults and bounds, and how to build its {@link Strategy}. The aggregator (session requests and stored sessions),
 * the launcher ({@code --strategy}, {@code compare}) and the docs table all read {@link #all()}; no other list of
 * strategy names exists.
 *
 * <p>Why a sealed interface with a fixed list rather than {@link java.util.ServiceLoader}: a stored session names its
 * strategy and must mean the same thing after a restart, on every replica and in the launcher. With a closed set the
 * compiler and one test ({@code StrategyRegistryTests}) guarantee that every module sees the same strategies; a jar on
 * the class path can neither add nor shadow one, and there is no provider file to forget. Sealing also keeps every
 * definition in this package, next to the arithmetic it configures.
 *
 * <p>Adding a strategy: one file, the {@code Strategy} with a nested {@code Definition} (a singleton
 * implementing this interface) and a {@code Parameters} record, named in {@code permits} and in {@link #all()}.
 * Parameters are flat keys next to {@code name} in a session's {@code strategy} object; {@code maxStaleness} is common
 * to every strategy and is not part of a definition.
 */
public sealed interface StrategyDefinition permits Asyn2fStrategy.Definition, FedAvgStrategy.Definition,
        MStepKaflStrategy.Definition, FedAsyncStrategy.Definition, FedBuffStrategy.Definition,
        FedAvgMStrategy.Definition {

    /** Largest updates-per-version quota (asyn2f and kafl m, fedbuff K). */
    int MAX_UPDATES_PER_VERSION = 10_000;

    /** Every strategy, in the order the launcher's {@code compare} runs them and the docs list them. */
    static List<StrategyDefinition> all() {
        return List.of(Asyn2fStrategy.Definition.INSTANCE, FedAvgStrategy.Definition.INSTANCE,
                MStepKaflStrategy.Definition.INSTANCE, FedAsyncStrategy.Definition.INSTANCE,
                FedBuffStrategy.Definition.INSTANCE, FedAvgMStrategy.Definition.INSTANCE);
    }

    /** The names of {@link #all()}, in order. */
    static List<String> names() {
        return all().stream().map(StrategyDefinition::name).toList();
    }

    /** The strategy of this name (case-insensitive). */
    static Optional<StrategyDefinition> named(String name) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return all().stream().filter(definition -> definition.name().equals(lower)).findFirst();
    }

    /**
     * The parameters of a session request: absent or null values take their defaults, a value out of bounds, an
     * unknown key or another strategy's parameter is refused.
     *
     * @throws InvalidParameters listing every problem, each naming its parameter
     */
    static StrategyParameters parse(String name, Map<String, ?> values) {
        return parse(name, values, true);
    }

    /**
     * The parameters of a configuration stored by an earlier version of the aggregator: like {@link #parse}, but keys
     * this version does not read are ignored, so a stored session always loads.
     */
    static StrategyParameters parseStored(String name, Map<String, ?> values) {
        return parse(name, values, false);
    }

    private static StrategyParameters parse(String name, Map<String, ?> values, boolean strict) {
        StrategyDefinition definition = named(name).orElseThrow(() -> new InvalidParameters(List.of(new Problem(
                "name", "unknown strategy '" + name + "'; expected one of " + String.join(", ", names())))));
        ParameterReader reader = new ParameterReader("", values == null ? Map.of() : values);
        StrategyParameters parameters = definition.read(reader);
        List<Problem> problems = new ArrayList<>(reader.problems());
        if (strict) {
            for (String key : reader.unread()) {
                problems.add(new Problem(key, notAParameter(definition, key)));
            }
            problems.addAll(reader.unreadNested());
        }
        if (!problems.isEmpty()) {
            throw new InvalidParameters(problems);
        }
        return parameters;
    }

    private static String notAParameter(StrategyDefinition definition, String key) {
        List<String> owners = all().stream().filter(other -> other.parameterNames().contains(key))
                .map(StrategyDefinition::name).toList();
        String own = definition.parameterNames().isEmpty() ? "it takes none"
                : "its parameters are " + String.join(", ", definition.parameterNames());
        return owners.isEmpty()
                ? "is not a parameter of " + definition.name() + " (" + own + ", and maxStaleness)"
                : "applies to " + String.join(", ", owners) + " only, the strategy is " + definition.name() + " ("
                        + own + ")";
    }

    /** The name a session's {@code strategy.name} gives, lower case, e.g. {@code asyn2f}. */
    String name();

    /**
     * Reads this strategy's parameters, each with its default and bounds; a problem is reported to {@code in} and the
     * default used in its place, so the result is always a valid parameter set.
     */
    StrategyParameters read(ParameterReader in);

    /** Every parameter with its default. */
    default StrategyParameters defaults() {
        return read(new ParameterReader("", Map.of()));
    }

    /** The parameter names, in the order a normalised configuration shows them. */
    default Set<String> parameterNames() {
        return defaults().values().keySet();
    }

    /** The parameter that counts the updates of one version (m, K), if the strategy has one. */
    default Optional<String> quotaParameter() {
        return Optional.empty();
    }

    /**
     * The parameters a side-by-side comparison (the launcher's {@code compare}) sets: the quota, where the strategy
     * has one, and any setting the strategy's paper compares with instead of the default.
     */
    default Map<String, Object> comparisonParameters(int updatesPerVersion) {
        Map<String, Object> values = new LinkedHashMap<>();
        quotaParameter().ifPresent(quota -> values.put(quota, updatesPerVersion));
        return values;
    }

    /**
     * One refused parameter.
     *
     * @param parameter the key inside {@code strategy}, e.g. {@code m} or {@code staleness.exponent}
     * @param message   what is wrong, e.g. {@code must be between 1 and 10000, was 0}
     */
    record Problem(String parameter, String message) {
        @Override
        public String toString() {
            return "strategy." + parameter + " " + message;
        }
    }

    /** The parameters are not valid; {@link #problems()} names each one. */
    final class InvalidParameters extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        private final transient List<Problem> problems;

        public InvalidParameters(List<Problem> problems) {
            super(String.join("; ", problems.stream().map(Problem::toString).toList()));
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }
}
