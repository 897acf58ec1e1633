package io.asyn2f.api.session;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.asyn2f.api.event.Ids;
import io.asyn2f.api.event.UpdateKind;

/**
 * What every worker of a session needs to train, written once by the aggregator (from the session's configuration),
 * carried by {@code session.opened}, stored by the registry and handed to each worker in its registration answer.
 * Every field is required and checked here, so the writer and the readers cannot disagree; the defaults of the
 * fields a session request may leave out are the constants below, used by the aggregator when it fills a request in.
 * Unknown keys are ignored and the merge's two fields may be absent, so a configuration written before this record
 * existed (with {@code parameterCount}, {@code dataset} and {@code uploadLimitBytes}, and {@code beta} and
 * {@code alphaForm} only for asyn2f sessions) still reads: a registry keeps such sessions open across an upgrade.
 *
 * @param modelArchitecture   the catalogue descriptor, e.g. {@code mlp:784-128-10}
 * @param strategy            the server-side strategy's name (for logs and metrics; the worker's behaviour follows
 *                            from the fields below)
 * @param updateKind          what the worker uploads: its weights, or their change since the version it started from
 * @param workerMerge         how the worker folds a new global model into its local one: {@code asyn2f} (the
 *                            paper's merge, with {@code beta} and {@code alphaForm}) or {@code replace}
 * @param beta                the asyn2f merge's beta in [0, 1]; ignored by {@code replace} (0 when absent)
 * @param alphaForm           the asyn2f merge's alpha: {@code BETA_ON_LOSS} (also when absent) or {@code BETA_ON_SIZE}
 * @param batchSize           mini-batch size, 1 to 65,536
 * @param exchangeEveryEpochs a worker sends its model every this many epochs (at least 1)
 * @param accuracyThreshold   ... once its training accuracy reaches this, in [0, 1]
 * @param epochThreshold      ... or once it trained this many epochs (at least 0)
 * @param learningRate        the learning rate before the first global version arrives (the schedule's value at
 *                            version 0); each version carries its own after that
 * @param seed                seed of the workers' shuffling
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingConfig(
        String modelArchitecture,
        String strategy,
        UpdateKind updateKind,
        String workerMerge,
        Double beta,
        String alphaForm,
        int batchSize,
        int exchangeEveryEpochs,
        double accuracyThreshold,
        int epochThreshold,
        double learningRate,
        long seed) {

    public static final int DEFAULT_BATCH_SIZE = 128;
    public static final int MAX_BATCH_SIZE = 65_536;
    public static final int DEFAULT_EXCHANGE_EVERY_EPOCHS = 5;
    public static final double DEFAULT_ACCURACY_THRESHOLD = 0.0;
    public static final int DEFAULT_EPOCH_THRESHOLD = 0;
    public static final long DEFAULT_SEED = 42;
    /** The worker merges a session may name. */
    public static final List<String> WORKER_MERGES = List.of("asyn2f", "replace");
    /** The forms of the asyn2f merge's alpha. */
    public static final List<String> ALPHA_FORMS = List.of("BETA_ON_LOSS", "BETA_ON_SIZE");

    public TrainingConfig {
        beta = beta == null ? 0.0 : beta;
        alphaForm = alphaForm == null ? ALPHA_FORMS.get(0) : alphaForm;
        Ids.requireText(modelArchitecture, "modelArchitecture");
        Ids.requireText(strategy, "strategy");
        Objects.requireNonNull(updateKind, "updateKind is required");
        requireOneOf(workerMerge, WORKER_MERGES, "workerMerge");
        requireOneOf(alphaForm, ALPHA_FORMS, "alphaForm");
        if (!(beta >= 0 && beta <= 1)) {
            throw new IllegalArgumentException("beta must be in [0, 1], was " + beta);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batchSize must be between 1 and " + MAX_BATCH_SIZE + ", was "
                    + batchSize);
        }
        if (exchangeEveryEpochs < 1) {
            throw new IllegalArgumentException("exchangeEveryEpochs must be at least 1, was " + exchangeEveryEpochs);
        }
        if (!(accuracyThreshold >= 0 && accuracyThreshold <= 1)) {
            throw new IllegalArgumentException("accuracyThreshold must be in [0, 1], was " + accuracyThreshold);
        }
        if (epochThreshold < 0) {
            throw new IllegalArgumentException("epochThreshold must be at least 0, was " + epochThreshold);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive number, was " + learningRate);
        }
    }

    private static void requireOneOf(String value, List<String> allowed, String field) {
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException(field + " must be one of " + String.join(", ", allowed) + ", was "
                    + value);
        }
    }
}
