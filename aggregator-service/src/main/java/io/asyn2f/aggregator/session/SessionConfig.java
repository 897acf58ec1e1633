package io.asyn2f.aggregator.session;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonCreator;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import io.asyn2f.api.session.TrainingConfig;
import io.asyn2f.core.aggregation.StrategyDefinition;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A session as the admin creates it ({@code POST /api/v1/sessions}) and as it is stored, with every default filled
 * in by {@link SessionConfigs#normalise}. Null fields in a request take their defaults.
 *
 * @param id                optional session id (1-64 of {@code A-Za-z0-9_-}); generated when absent
 * @param modelArchitecture catalogue descriptor, e.g. {@code mlp:784-128-10}
 * @param dataset           what the workers train on (passed to them)
 * @param strategy          server-side rule and its parameters
 * @param maxWait           after this long without a new version a strategy aggregates what it has (default 60 s;
 *                          1 s to 7 days)
 * @param minWorkers        trainers that must be registered before the session runs (default 1; at most
 *                          {@code asyn2f.aggregator.limits.max-min-workers})
 * @param exchange          when workers send their local models
 * @param learningRate      the schedule published with each version
 * @param stop              stop conditions (all optional; without any the session runs until stopped)
 * @param uploadLimitBytes  largest blob a worker may upload (default: the architecture's blob size; at least that,
 *                          at most {@code asyn2f.aggregator.limits.max-upload-bytes})
 * @param seed              seed of version 0 and of the workers' shuffling (default 42)
 * @param defences          how much one update may weigh ({@link Defences}; safe defaults)
 */
public record SessionConfig(
        @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'")
        String id,
        @NotBlank String modelArchitecture,
        @NotNull @Valid Dataset dataset,
        @NotNull @Valid StrategySettings strategy,
        Duration maxWait,
        @Min(1) Integer minWorkers,
        @Valid Exchange exchange,
        @Valid LearningRate learningRate,
        @Valid Stop stop,
        @Positive Long uploadLimitBytes,
        Long seed,
        @Valid Defences defences) {

    /** A configuration with the default defences. */
    public SessionConfig(String id, String modelArchitecture, Dataset dataset, StrategySettings strategy,
            Duration maxWait, Integer minWorkers, Exchange exchange, LearningRate learningRate, Stop stop,
            Long uploadLimitBytes, Long seed) {
        this(id, modelArchitecture, dataset, strategy, maxWait, minWorkers, exchange, learningRate, stop,
                uploadLimitBytes, seed, null);
    }

    /** The same configuration with another id. */
    public SessionConfig withId(String newId) {
        return new SessionConfig(newId, modelArchitecture, dataset, strategy, maxWait, minWorkers, exchange,
                learningRate, stop, uploadLimitBytes, seed, defences);
    }

    /** Largest m (asyn2f, kafl), K (fedbuff) and multi-Krum f and m. */
    public static final int MAX_UPDATES_PER_VERSION = StrategyDefinition.MAX_UPDATES_PER_VERSION;
    /** Largest version count a field may name (stop.maxVersion, learningRate.periodVersions, maxStaleness). */
    public static final int MAX_VERSIONS = 100_000_000;
    /** Largest learning rate (initial, minimum); a larger one makes every trainer diverge. */
    public static final String MAX_LEARNING_RATE = "10";

    /** @param name e.g. {@code fashion-mnist}; @param description free text for people */
    public record Dataset(@NotBlank @Size(max = 200) String name, @Size(max = 2000) String description) {
    }

    /**
     * The strategy and its parameters, as flat keys next to {@code name} in JSON
     * ({@code {"name": "asyn2f", "m": 3, "beta": 0.6}}). Which parameters a strategy takes, their defaults and bounds
     * come from its {@link StrategyDefinition} (docs/aggregator-api.md lists them); {@link SessionConfigs#normalise}
     * refuses any other key. A null value counts as absent.
     *
     * @param name         a name of {@link StrategyDefinition#names()}, e.g. {@code asyn2f}
     * @param maxStaleness every strategy: an update built on a version more than this many versions old when it would
     *                     be aggregated is set aside (DISCARDED, reason STALE); none: no bound
     * @param parameters   the strategy's own parameters, by name
     */
    @Schema(description = "The strategy and its own parameters, flat next to name, e.g. "
            + "{\"name\": \"asyn2f\", \"m\": 3, \"beta\": 0.6}; defaults and bounds: docs/aggregator-api.md#strategies.",
            additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
    public record StrategySettings(
            @NotBlank String name,
            @Min(1) @Max(MAX_VERSIONS) Integer maxStaleness,
            @Schema(hidden = true) @JsonAnyGetter Map<String, Object> parameters) {

        public StrategySettings {
            Map<String, Object> given = new LinkedHashMap<>();
            if (parameters != null) {
                parameters.forEach((key, value) -> {
                    if (value != null) {
                        given.put(key, value);
                    }
                });
            }
            parameters = Collections.unmodifiableMap(given);
        }

        /**
         * Reads the JSON object: {@code name} and {@code maxStaleness}, every other key a parameter. A creator over the
         * whole object, not an any-setter, so that a key named {@code parameters} is a parameter too (and refused).
         */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static StrategySettings fromJson(Map<String, Object> json) {
            Map<String, Object> parameters = new LinkedHashMap<>(json);
            Object name = parameters.remove("name");
            Object maxStaleness = parameters.remove("maxStaleness");
            if (maxStaleness != null && !(maxStaleness instanceof Integer)) {
                throw new IllegalArgumentException("strategy.maxStaleness must be a whole number between 1 and "
                        + MAX_VERSIONS + ", was " + maxStaleness);
            }
            return new StrategySettings(name == null ? null : name.toString(), (Integer) maxStaleness, parameters);
        }

        /** The settings without a staleness bound. */
        public StrategySettings(String name, Map<String, Object> parameters) {
            this(name, null, parameters);
        }
    }

    /**
     * @param exchangeEveryEpochs a worker sends its model every this many epochs (default 5)
     * @param accuracyThreshold   ... once its training accuracy reaches this (default 0)
     * @param epochThreshold      ... or once it trained this many epochs (default 0)
     * @param batchSize           mini-batch size (default 128)
     */
    public record Exchange(@Min(1) @Max(10_000) Integer exchangeEveryEpochs,
            @DecimalMin("0") @DecimalMax("1") Double accuracyThreshold,
            @Min(0) @Max(1_000_000) Integer epochThreshold,
            @Min(1) @Max(TrainingConfig.MAX_BATCH_SIZE) Integer batchSize) {
    }

    /**
     * @param schedule       {@code cosine} (default) or {@code constant}
     * @param initial        lr0 (default 0.1)
     * @param minimum        cosine: lrMin (default 0.005)
     * @param periodVersions cosine: T (default 100)
     */
    public record LearningRate(String schedule, @Positive @DecimalMax(MAX_LEARNING_RATE) Double initial,
            @Positive @DecimalMax(MAX_LEARNING_RATE) Double minimum, @Min(1) @Max(MAX_VERSIONS) Long periodVersions) {
    }

    /**
     * @param targetAccuracy stop once {@code testerQuorum} testers report at least this accuracy for one version
     * @param maxVersion     stop once this version is committed
     * @param maxWallTime    stop this long after the session started running (at most 365 days)
     * @param testers        the testers the operator names (worker ids): only they may report; none named: any
     *                       tester of the session
     * @param testerQuorum   how many distinct testers must reach the target on the same version; default a
     *                       majority of the session's active (named) testers, so one tester alone stops a session
     *                       only when it is the only one
     */
    public record Stop(@DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double targetAccuracy,
            @Min(1) @Max(MAX_VERSIONS) Long maxVersion, Duration maxWallTime,
            @Size(max = 1000) List<@NotBlank @Size(max = 200) String> testers, @Min(1) Integer testerQuorum) {

        public Stop(Double targetAccuracy, Long maxVersion, Duration maxWallTime) {
            this(targetAccuracy, maxVersion, maxWallTime, null, null);
        }

        /** The named testers, empty when none are named. */
        public List<String> namedTesters() {
            return testers == null ? List.of() : testers;
        }
    }

    /**
     * Bounds on one update's influence ({@code io.asyn2f.core.aggregation.InfluenceBounds}), applied around every
     * strategy. Absent fields take the defaults; {@code enabled: false} keeps only the limits that keep the arithmetic
     * finite (to measure what an attack does without them).
     *
     * @param enabled       false: no bounds (default true)
     * @param maxSamples    a reported sample count is capped here (default 1e9)
     * @param samplesFactor ... and at this many times the version's lower median (default 2; 0 off, else >= 1)
     * @param lossFloor     a reported loss is floored here (default 0.001)
     * @param lossFactor    ... and at the version's lower median divided by this (default 2; 0 off, else >= 1)
     * @param clipFactor    an update's distance from the global model (a delta's norm) is clipped to this many times
     *                      the version's lower median (default 3; 0 off, else >= 1)
     * @param maxNorm       and to this absolute bound (default none; the only clipping for one-update versions)
     * @param robust        a robust rule in place of the strategy's weighted mean ({@link Robust}; default none)
     */
    public record Defences(Boolean enabled, @Min(1) Long maxSamples, @DecimalMin("0") Double samplesFactor,
            @DecimalMin("0") Double lossFloor, @DecimalMin("0") Double lossFactor, @DecimalMin("0") Double clipFactor,
            @DecimalMin("0") Double maxNorm, @Valid Robust robust) {

        public Defences(Boolean enabled, Long maxSamples, Double samplesFactor, Double lossFloor, Double lossFactor,
                Double clipFactor, Double maxNorm) {
            this(enabled, maxSamples, samplesFactor, lossFloor, lossFactor, clipFactor, maxNorm, null);
        }
    }

    /**
     * A robust aggregation rule ({@code io.asyn2f.core.aggregation.RobustRule}) weighted by the strategy; a version
     * of fewer updates than the rule needs (median and trimmed mean 3, multi-Krum {@code 2f + 3}) is the strategy's
     * weighted mean of the clipped updates.
     *
     * @param kind         {@code none}, {@code median}, {@code trimmed-mean} or {@code multi-krum} (default none)
     * @param trimFraction trimmed-mean: the weight cut from each end, in (0, 0.5) (default 0.2)
     * @param byzantine    multi-krum: f, the hostile updates tolerated, 1 to 10,000 (default 1)
     * @param selected     multi-krum: m, the updates kept, 0 to 10,000; 0 (default) keeps all but f
     */
    public record Robust(String kind, Double trimFraction, Integer byzantine, Integer selected) {
    }
}
