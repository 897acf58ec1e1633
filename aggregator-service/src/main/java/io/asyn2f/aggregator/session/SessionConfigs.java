package io.asyn2f.aggregator.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.asyn2f.aggregator.config.AggregatorProperties;
import io.asyn2f.aggregator.web.ApiException;
import io.asyn2f.api.catalogue.ModelArchitecture;
import io.asyn2f.api.catalogue.ModelCatalogue;
import io.asyn2f.api.model.ModelBlobFormat;
import io.asyn2f.api.session.TrainingConfig;
import io.asyn2f.core.aggregation.CoordinateWiseMedian;
import io.asyn2f.core.aggregation.InfluenceBounds;
import io.asyn2f.core.aggregation.MultiKrum;
import io.asyn2f.core.aggregation.RobustRule;
import io.asyn2f.core.aggregation.Strategy;
import io.asyn2f.core.aggregation.StrategyDefinition;
import io.asyn2f.core.aggregation.StrategyParameters;
import io.asyn2f.core.aggregation.TrimmedMean;
import io.asyn2f.core.schedule.ConstantSchedule;
import io.asyn2f.core.schedule.CosineSchedule;
import io.asyn2f.core.schedule.LearningRateSchedule;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a session request into a complete, checked configuration (defaults filled in, every rule of the core
 * classes applied), stores it as JSON, and builds the {@link SessionRuntime} of a stored session.
 */
@Component
public class SessionConfigs {

    static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(60);
    /** The robust rules a session may name. */
    static final List<String> ROBUST_KINDS = List.of("none", "median", "trimmed-mean", "multi-krum");
    /** The robust rule of a session that names none (see docs/security.md, "Attack experiment"). */
    static final String DEFAULT_ROBUST = "none";
    static final SessionConfig.Robust DEFAULT_ROBUST_CONFIG = new SessionConfig.Robust(DEFAULT_ROBUST, null, null,
            null);
    static final double DEFAULT_TRIM_FRACTION = 0.2;
    static final Duration MIN_MAX_WAIT = Duration.ofSeconds(1);
    static final Duration MAX_MAX_WAIT = Duration.ofDays(7);
    static final Duration MAX_WALL_TIME = Duration.ofDays(365);

    private final JsonMapper json;
    private final AggregatorProperties.Limits limits;
    private final Map<String, SessionRuntime> runtimes = new ConcurrentHashMap<>();

    @Autowired
    SessionConfigs(JsonMapper json, AggregatorProperties properties) {
        this(json, properties.limits());
    }

    SessionConfigs(JsonMapper json, AggregatorProperties.Limits limits) {
        this.json = json;
        this.limits = limits;
    }

    /** The configuration with defaults filled in, or an {@link ApiException} listing every problem. */
    public SessionConfig normalise(SessionConfig request) {
        List<Map<String, String>> errors = new ArrayList<>();
        ModelArchitecture architecture = resolveWithinLimit(request.modelArchitecture(), errors);
        SessionConfig.StrategySettings strategy = normaliseStrategy(request.strategy(), errors);
        Duration maxWait = Objects.requireNonNullElse(request.maxWait(), DEFAULT_MAX_WAIT);
        if (maxWait.compareTo(MIN_MAX_WAIT) < 0 || maxWait.compareTo(MAX_MAX_WAIT) > 0) {
            errors.add(error("maxWait", "must be between " + MIN_MAX_WAIT + " and " + MAX_MAX_WAIT + ", was " + maxWait));
        }
        int minWorkers = Objects.requireNonNullElse(request.minWorkers(), 1);
        if (minWorkers > limits.maxMinWorkers()) {
            errors.add(error("minWorkers", "must be at most " + limits.maxMinWorkers()
                    + " (asyn2f.aggregator.limits.max-min-workers), was " + minWorkers));
        }
        SessionConfig.Exchange exchange = request.exchange() == null
                ? new SessionConfig.Exchange(null, null, null, null) : request.exchange();
        exchange = new SessionConfig.Exchange(
                Objects.requireNonNullElse(exchange.exchangeEveryEpochs(),
                        TrainingConfig.DEFAULT_EXCHANGE_EVERY_EPOCHS),
                Objects.requireNonNullElse(exchange.accuracyThreshold(), TrainingConfig.DEFAULT_ACCURACY_THRESHOLD),
                Objects.requireNonNullElse(exchange.epochThreshold(), TrainingConfig.DEFAULT_EPOCH_THRESHOLD),
                Objects.requireNonNullElse(exchange.batchSize(), TrainingConfig.DEFAULT_BATCH_SIZE));
        SessionConfig.LearningRate learningRate = normaliseLearningRate(request.learningRate(), errors);
        SessionConfig.Stop stop = request.stop() == null ? new SessionConfig.Stop(null, null, null) : request.stop();
        if (stop.testerQuorum() != null && !stop.namedTesters().isEmpty()
                && stop.testerQuorum() > Set.copyOf(stop.namedTesters()).size()) {
            errors.add(error("stop.testerQuorum", "must be at most the number of named testers ("
                    + Set.copyOf(stop.namedTesters()).size() + ")"));
        }
        if (stop.maxWallTime() != null && (stop.maxWallTime().isNegative() || stop.maxWallTime().isZero()
                || stop.maxWallTime().compareTo(MAX_WALL_TIME) > 0)) {
            errors.add(error("stop.maxWallTime", "must be a positive duration of at most " + MAX_WALL_TIME + ", was "
                    + stop.maxWallTime()));
        }
        Long uploadLimit = request.uploadLimitBytes();
        if (uploadLimit != null && uploadLimit > limits.maxUploadBytes()) {
            errors.add(error("uploadLimitBytes", "must be at most " + limits.maxUploadBytes()
                    + " (asyn2f.aggregator.limits.max-upload-bytes), was " + uploadLimit));
        } else if (architecture != null) {
            long blobSize = ModelBlobFormat.blobSize(architecture.parameterCount());
            if (blobSize > limits.maxUploadBytes()) {
                errors.add(error("modelArchitecture", "its blob of " + blobSize + " bytes is larger than "
                        + limits.maxUploadBytes() + " (asyn2f.aggregator.limits.max-upload-bytes)"));
            } else if (uploadLimit == null) {
                uploadLimit = blobSize;
            } else if (uploadLimit < blobSize) {
                errors.add(error("uploadLimitBytes", "must be at least " + blobSize + ", the blob size of "
                        + architecture.descriptor()));
            }
        }
        SessionConfig.Defences defences = normaliseDefences(request.defences(), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new SessionConfig(request.id(), architecture.descriptor(),
                new SessionConfig.Dataset(request.dataset().name(),
                        Objects.requireNonNullElse(request.dataset().description(), "")),
                strategy, maxWait, minWorkers, exchange, learningRate, stop,
                uploadLimit, Objects.requireNonNullElse(request.seed(), TrainingConfig.DEFAULT_SEED), defences);
    }

    /** Every field filled in: the defaults, or none of them when disabled. */
    private static SessionConfig.Defences normaliseDefences(SessionConfig.Defences d,
            List<Map<String, String>> errors) {
        boolean enabled = d == null || d.enabled() == null || d.enabled();
        InfluenceBounds base = enabled ? InfluenceBounds.defaults() : InfluenceBounds.none();
        SessionConfig.Defences normalised = d == null || !enabled ? describe(base, enabled)
                : new SessionConfig.Defences(true,
                        Objects.requireNonNullElse(d.maxSamples(), base.maxSamples()),
                        Objects.requireNonNullElse(d.samplesFactor(), base.samplesFactor()),
                        Objects.requireNonNullElse(d.lossFloor(), base.lossFloor()),
                        Objects.requireNonNullElse(d.lossFactor(), base.lossFactor()),
                        Objects.requireNonNullElse(d.clipFactor(), base.clipFactor()),
                        Objects.requireNonNullElse(d.maxNorm(), base.maxNorm()),
                        normaliseRobust(d.robust(), errors));
        try {
            buildBounds(normalised);
        } catch (IllegalArgumentException e) {
            errors.add(error("defences", e.getMessage()));
        }
        return normalised;
    }

    /** The robust rule's name and its parameters, defaults filled in; parameters of another rule are refused. */
    private static SessionConfig.Robust normaliseRobust(SessionConfig.Robust r, List<Map<String, String>> errors) {
        String kind = r == null || r.kind() == null ? DEFAULT_ROBUST : r.kind();
        if (!ROBUST_KINDS.contains(kind)) {
            errors.add(error("defences.robust.kind", "must be one of " + String.join(", ", ROBUST_KINDS) + ", was '"
                    + kind + "'"));
            return describe(RobustRule.none());
        }
        if (r != null && r.trimFraction() != null && !kind.equals("trimmed-mean")) {
            errors.add(error("defences.robust.trimFraction", "applies to trimmed-mean only, the rule is " + kind));
        }
        if (r != null && (r.byzantine() != null || r.selected() != null) && !kind.equals("multi-krum")) {
            errors.add(error(r.byzantine() != null ? "defences.robust.byzantine" : "defences.robust.selected",
                    "applies to multi-krum only, the rule is " + kind));
        }
        double trim = r == null || r.trimFraction() == null ? DEFAULT_TRIM_FRACTION : r.trimFraction();
        int byzantine = r == null || r.byzantine() == null ? 1 : r.byzantine();
        int selected = r == null || r.selected() == null ? 0 : r.selected();
        if (kind.equals("trimmed-mean") && !(trim > 0 && trim < 0.5)) {
            errors.add(error("defences.robust.trimFraction", "must be in (0, 0.5), was " + trim));
        }
        if (kind.equals("multi-krum") && (byzantine < 1 || byzantine > SessionConfig.MAX_UPDATES_PER_VERSION)) {
            errors.add(error("defences.robust.byzantine", "must be between 1 and "
                    + SessionConfig.MAX_UPDATES_PER_VERSION + ", was " + byzantine));
        }
        if (kind.equals("multi-krum") && (selected < 0 || selected > SessionConfig.MAX_UPDATES_PER_VERSION)) {
            errors.add(error("defences.robust.selected", "must be between 0 (all but f) and "
                    + SessionConfig.MAX_UPDATES_PER_VERSION + ", was " + selected));
        }
        return switch (kind) {
            case "trimmed-mean" -> new SessionConfig.Robust(kind, trim, null, null);
            case "multi-krum" -> new SessionConfig.Robust(kind, null, byzantine, selected);
            default -> new SessionConfig.Robust(kind, null, null, null);
        };
    }

    private static SessionConfig.Defences describe(InfluenceBounds bounds, boolean enabled) {
        return new SessionConfig.Defences(enabled, bounds.maxSamples(), bounds.samplesFactor(), bounds.lossFloor(),
                bounds.lossFactor(), bounds.clipFactor(), bounds.maxNorm(),
                describe(enabled ? buildRobust(DEFAULT_ROBUST_CONFIG) : RobustRule.none()));
    }

    private static SessionConfig.Robust describe(RobustRule rule) {
        if (rule instanceof TrimmedMean t) {
            return new SessionConfig.Robust(t.name(), t.beta(), null, null);
        }
        if (rule instanceof MultiKrum k) {
            return new SessionConfig.Robust(k.name(), null, k.byzantine(), k.selected());
        }
        return new SessionConfig.Robust(rule.name(), null, null, null);
    }

    /** The bounds of a stored configuration; one stored before defences existed gets the defaults. */
    static InfluenceBounds buildBounds(SessionConfig.Defences d) {
        if (d == null) {
            return InfluenceBounds.defaults();
        }
        return new InfluenceBounds(d.maxSamples(), d.samplesFactor(), d.lossFloor(), d.lossFactor(), d.clipFactor(),
                d.maxNorm());
    }

    /** The robust rule of a stored configuration: none when the defences or the rule were not configured. */
    static RobustRule buildRobust(SessionConfig.Defences d) {
        if (d == null || Boolean.FALSE.equals(d.enabled())) {
            return d == null ? buildRobust(DEFAULT_ROBUST_CONFIG) : RobustRule.none();
        }
        return buildRobust(d.robust());
    }

    private static RobustRule buildRobust(SessionConfig.Robust r) {
        if (r == null || r.kind() == null) {
            return RobustRule.none();
        }
        return switch (r.kind()) {
            case "median" -> new CoordinateWiseMedian();
            case "trimmed-mean" -> new TrimmedMean(Objects.requireNonNullElse(r.trimFraction(),
                    DEFAULT_TRIM_FRACTION));
            case "multi-krum" -> new MultiKrum(Objects.requireNonNullElse(r.byzantine(), 1),
                    Objects.requireNonNullElse(r.selected(), 0));
            default -> RobustRule.none();
        };
    }

    /**
     * The architecture, if the catalogue knows it and its parameter count is within the limit. The count comes
     * first, computed without allocating, so an oversized model is refused before anything is built.
     */
    private ModelArchitecture resolveWithinLimit(String descriptor, List<Map<String, String>> errors) {
        try {
            long parameters = ModelCatalogue.parameterCount(descriptor);
            if (parameters > limits.maxModelParameters()) {
                errors.add(error("modelArchitecture", descriptor + " has " + parameters + " parameters; at most "
                        + limits.maxModelParameters() + " are allowed (asyn2f.aggregator.limits.max-model-parameters)"));
                return null;
            }
            return ModelCatalogue.resolve(descriptor);
        } catch (IllegalArgumentException e) {
            errors.add(error("modelArchitecture", e.getMessage()));
            return null;
        }
    }

    /** The strategy's name and every parameter of it, defaults filled in ({@link StrategyDefinition#parse}). */
    private static SessionConfig.StrategySettings normaliseStrategy(SessionConfig.StrategySettings s,
            List<Map<String, String>> errors) {
        try {
            StrategyParameters parameters = StrategyDefinition.parse(s.name(), s.parameters());
            return new SessionConfig.StrategySettings(parameters.definition().name(), s.maxStaleness(),
                    parameters.values());
        } catch (StrategyDefinition.InvalidParameters e) {
            e.problems().forEach(problem -> errors.add(error("strategy." + problem.parameter(), problem.message())));
            return null;
        }
    }

    private static SessionConfig.LearningRate normaliseLearningRate(SessionConfig.LearningRate lr,
            List<Map<String, String>> errors) {
        SessionConfig.LearningRate given = lr == null ? new SessionConfig.LearningRate(null, null, null, null) : lr;
        String schedule = Objects.requireNonNullElse(given.schedule(), "cosine").toLowerCase(Locale.ROOT);
        SessionConfig.LearningRate normalised = switch (schedule) {
            case "cosine" -> new SessionConfig.LearningRate(schedule, Objects.requireNonNullElse(given.initial(), 0.1),
                    Objects.requireNonNullElse(given.minimum(), 0.005),
                    Objects.requireNonNullElse(given.periodVersions(), 100L));
            case "constant" -> new SessionConfig.LearningRate(schedule,
                    Objects.requireNonNullElse(given.initial(), 0.01), null, null);
            default -> {
                errors.add(error("learningRate.schedule", "unknown schedule '" + given.schedule()
                        + "'; expected cosine or constant"));
                yield null;
            }
        };
        if (normalised != null) {
            try {
                buildSchedule(normalised);
            } catch (IllegalArgumentException e) {
                errors.add(error("learningRate", e.getMessage()));
            }
        }
        return normalised;
    }

    /**
     * The strategy of a stored configuration, a new object per call: a strategy may keep state between versions, so
     * sessions never share one. Stored sessions are read leniently ({@link StrategyDefinition#parseStored}): one
     * stored by an earlier version of the aggregator still loads.
     */
    static Strategy buildStrategy(SessionConfig.StrategySettings s) {
        return StrategyDefinition.parseStored(s.name(), s.parameters()).build();
    }

    static LearningRateSchedule buildSchedule(SessionConfig.LearningRate lr) {
        return "constant".equals(lr.schedule()) ? new ConstantSchedule(lr.initial())
                : new CosineSchedule(lr.initial(), lr.minimum(), lr.periodVersions());
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", String.valueOf(message));
    }

    public String toJson(SessionConfig config) {
        return json.writeValueAsString(config);
    }

    /**
     * Forgets the run-time views of every session not in {@code open}: a strategy may hold server state as large as
     * the model (FedAvgM's velocity), which an ended session no longer needs; a view asked for again is rebuilt.
     */
    public void retainRuntimes(java.util.Collection<String> open) {
        runtimes.keySet().retainAll(open);
    }

    /** The run-time view of the session if one is cached, without reading the session. */
    public Optional<SessionRuntime> cachedRuntime(String sessionId) {
        return Optional.ofNullable(runtimes.get(sessionId));
    }

    /** The run-time view of a stored session (cached; a session's configuration never changes). */
    public SessionRuntime runtime(TrainingSession session) {
        return runtimes.computeIfAbsent(session.id(), id -> {
            SessionConfig config = json.readValue(session.configJson(), SessionConfig.class);
            return new SessionRuntime(config, ModelCatalogue.resolve(config.modelArchitecture()),
                    buildStrategy(config.strategy()), buildSchedule(config.learningRate()),
                    buildBounds(config.defences()), buildRobust(config.defences()));
        });
    }
}
