package io.asyn2f.core.aggregation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The registry of server-side strategies: every strategy a session may name, its parameters with their defaults and
 * bounds, and how to build its {@link Strategy}. The aggregator (session requests and stored sessions), the launcher
 * ({@code --strategy}, {@code compare}) and the docs tables all read {@link #all()}; no other list of strategy names
 * exists.
 *
 * <p>Each strategy's file declares its entry, {@code public static final StrategyDefinition DEFINITION}: its name and
 * one function that reads its typed parameters from a {@link ParameterReader} (each read names its default and
 * bounds) straight into the strategy's constructor. The same function validates a request (every problem reported,
 * each naming its parameter), fills in the defaults a normalised configuration shows (what it read, in order), and
 * builds a fresh strategy object for each session.
 *
 * <p>Why a fixed list rather than {@link java.util.ServiceLoader}: a stored session names its strategy and must mean
 * the same thing after a restart, on every replica and in the launcher. With a closed list every module sees the same
 * strategies; a jar on the class path can neither add nor shadow one, and there is no provider file to forget.
 * Adding a strategy: its file with its {@code DEFINITION}, and its name in {@link #all()}. Parameters are flat keys
 * next to {@code name} in a session's {@code strategy} object; {@code maxStaleness} is common to every strategy and is
 * not part of a definition.
 */
public final class StrategyDefinition {

    /** Largest updates-per-version quota (asyn2f and kafl m, fedbuff K). */
    public static final int MAX_UPDATES_PER_VERSION = 10_000;

    private final String name;
    private final Function<ParameterReader, Strategy> reader;
    private final String quotaParameter;
    private final Map<String, Object> comparison;

    private StrategyDefinition(String name, Function<ParameterReader, Strategy> reader, String quotaParameter,
            Map<String, Object> comparison) {
        this.name = name;
        this.reader = reader;
        this.quotaParameter = quotaParameter;
        this.comparison = comparison;
    }

    /**
     * A strategy named {@code name} (lower case) whose parameters {@code reader} reads and builds it from; the reader
     * must read every parameter on every call (a problem makes it return the default), so that one call both checks a
     * request and lists the parameters.
     */
    public static StrategyDefinition of(String name, Function<ParameterReader, Strategy> reader) {
        return new StrategyDefinition(name, reader, null, Map.of());
    }

    /** The same entry, saying which parameter counts the updates of one version (m, K). */
    public StrategyDefinition withQuota(String parameter) {
        return new StrategyDefinition(name, reader, parameter, comparison);
    }

    /** The same entry, with the settings its paper compares with instead of the defaults (for {@code compare}). */
    public StrategyDefinition comparedWith(Map<String, Object> settings) {
        return new StrategyDefinition(name, reader, quotaParameter, Map.copyOf(settings));
    }

    /** Every strategy, in the order the launcher's {@code compare} runs them and the docs list them. */
    public static List<StrategyDefinition> all() {
        return List.of(Asyn2fStrategy.DEFINITION, FedAvgStrategy.DEFINITION, MStepKaflStrategy.DEFINITION,
                FedAsyncStrategy.DEFINITION, FedBuffStrategy.DEFINITION, FedAvgMStrategy.DEFINITION);
    }

    /** The names of {@link #all()}, in order. */
    public static List<String> names() {
        return all().stream().map(StrategyDefinition::name).toList();
    }

    /** The strategy of this name (case-insensitive). */
    public static Optional<StrategyDefinition> named(String name) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return all().stream().filter(definition -> definition.name().equals(lower)).findFirst();
    }

    /**
     * The parameters of a session request: absent or null values take their defaults, a value out of bounds, an
     * unknown key or another strategy's parameter is refused.
     *
     * @throws InvalidParameters listing every problem, each naming its parameter
     */
    public static StrategyParameters parse(String name, Map<String, ?> values) {
        return parse(name, values, true);
    }

    /**
     * The parameters of a configuration stored by an earlier version of the aggregator: like {@link #parse}, but keys
     * this version does not read are ignored (values are still checked against today's bounds, which have not been
     * narrowed since sessions were first stored; narrowing one needs a migration of stored sessions).
     */
    public static StrategyParameters parseStored(String name, Map<String, ?> values) {
        return parse(name, values, false);
    }

    private static StrategyParameters parse(String name, Map<String, ?> values, boolean strict) {
        StrategyDefinition definition = named(name).orElseThrow(() -> new InvalidParameters(List.of(new Problem(
                "name", "unknown strategy '" + name + "'; expected one of " + String.join(", ", names())))));
        ParameterReader reader = new ParameterReader("", values == null ? Map.of() : values);
        definition.reader.apply(reader);
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
        return new StrategyParameters(definition, reader.resolved());
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
    public String name() {
        return name;
    }

    /** A new strategy object from parameters already checked ({@link StrategyParameters#build()}). */
    Strategy build(Map<String, Object> values) {
        return reader.apply(new ParameterReader("", values));
    }

    /** Every parameter with its default. */
    public StrategyParameters defaults() {
        return parse(name, Map.of());
    }

    /** The parameter names, in the order a normalised configuration shows them. */
    public Set<String> parameterNames() {
        return defaults().values().keySet();
    }

    /** The parameter that counts the updates of one version (m, K), if the strategy has one. */
    public Optional<String> quotaParameter() {
        return Optional.ofNullable(quotaParameter);
    }

    /**
     * The parameters a side-by-side comparison (the launcher's {@code compare}) sets: the quota, where the strategy
     * has one, and any setting the strategy's paper compares with instead of the default.
     */
    public Map<String, Object> comparisonParameters(int updatesPerVersion) {
        Map<String, Object> values = new LinkedHashMap<>();
        quotaParameter().ifPresent(quota -> values.put(quota, updatesPerVersion));
        values.putAll(comparison);
        return values;
    }

    @Override
    public String toString() {
        return "StrategyDefinition[" + name + "]";
    }

    /**
     * One refused parameter.
     *
     * @param parameter the key inside {@code strategy}, e.g. {@code m} or {@code staleness.exponent}
     * @param message   what is wrong, e.g. {@code must be between 1 and 10000, was 0}
     */
    public record Problem(String parameter, String message) {
        @Override
        public String toString() {
            return "strategy." + parameter + " " + message;
        }
    }

    /** The parameters are not valid; {@link #problems()} names each one. */
    public static final class InvalidParameters extends IllegalArgumentException {

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
