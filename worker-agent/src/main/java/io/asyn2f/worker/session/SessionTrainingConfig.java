package io.asyn2f.worker.session;

import java.util.Map;

import io.asyn2f.api.catalogue.ModelCatalogue;
import io.asyn2f.core.merge.Asyn2fMerge;
import io.asyn2f.core.merge.ReplaceWithGlobal;
import io.asyn2f.core.merge.WorkerMerge;
import io.asyn2f.worker.training.TrainingSettings;

/**
 * The session's {@code trainingConfig} as the worker reads it. The object is defined by the aggregator and passed
 * through the registry unchanged (docs/aggregator-api.md lists it); every key is optional here and falls back to the
 * reference setup. Keys read: {@code modelArchitecture}, {@code strategy}, {@code workerMerge} ({@code asyn2f}
 * merges, {@code replace} adopts the global model), {@code updateKind} ({@code DELTA} sends deltas), {@code beta},
 * {@code alphaForm}, {@code batchSize}, {@code learningRate}, {@code exchangeEveryEpochs},
 * {@code accuracyThreshold}, {@code epochThreshold}, {@code maxEpochs}, {@code seed}.
 */
public record SessionTrainingConfig(String modelArchitecture, String strategy, String workerMergeRule,
        boolean sendsDeltas, double beta,
        Asyn2fMerge.AlphaForm alphaForm, int batchSize, double learningRate, int exchangeEveryEpochs,
        double qualifiedAccuracy, int qualifiedEpochs, int maxEpochs, long seed) {

    public static SessionTrainingConfig from(Map<String, Object> config) {
        Map<String, Object> c = config == null ? Map.of() : config;
        return new SessionTrainingConfig(
                text(c, "modelArchitecture", ModelCatalogue.MLP_DEFAULT),
                text(c, "strategy", "asyn2f").toLowerCase(java.util.Locale.ROOT),
                text(c, "workerMerge", "asyn2f").toLowerCase(java.util.Locale.ROOT),
                "DELTA".equalsIgnoreCase(text(c, "updateKind", "MODEL")),
                number(c, "beta", Asyn2fMerge.DEFAULT_BETA),
                Asyn2fMerge.AlphaForm.valueOf(text(c, "alphaForm", Asyn2fMerge.AlphaForm.BETA_ON_LOSS.name())),
                (int) number(c, "batchSize", 64),
                number(c, "learningRate", 0.1),
                (int) number(c, "exchangeEveryEpochs", 5),
                number(c, "accuracyThreshold", 0.0),
                (int) number(c, "epochThreshold", 0),
                (int) number(c, "maxEpochs", 0),
                (long) number(c, "seed", 1));
    }

    public WorkerMerge workerMerge() {
        return workerMergeRule.equals("asyn2f") ? new Asyn2fMerge(beta, alphaForm) : ReplaceWithGlobal.INSTANCE;
    }

    public TrainingSettings settings(double quality, double slowdownFactor) {
        return new TrainingSettings(batchSize, learningRate, exchangeEveryEpochs, qualifiedAccuracy, qualifiedEpochs,
                maxEpochs, slowdownFactor, quality, sendsDeltas, seed);
    }

    private static String text(Map<String, Object> c, String key, String fallback) {
        Object value = c.get(key);
        return value == null ? fallback : value.toString();
    }

    private static double number(Map<String, Object> c, String key, double fallback) {
        Object value = c.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("trainingConfig." + key + " is not a number: " + value);
        }
    }
}
