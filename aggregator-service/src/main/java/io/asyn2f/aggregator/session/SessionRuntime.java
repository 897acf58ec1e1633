package io.asyn2f.aggregator.session;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.asyn2f.core.aggregation.Asyn2fStrategy;
import io.asyn2f.core.aggregation.BoundedStrategy;
import io.asyn2f.core.aggregation.InfluenceBounds;
import io.asyn2f.core.aggregation.RobustRule;
import io.asyn2f.core.aggregation.Strategy;
import io.asyn2f.api.catalogue.ModelArchitecture;
import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.core.merge.Asyn2fMerge;
import io.asyn2f.api.model.BlobKind;
import io.asyn2f.api.model.ModelBlobReader;
import io.asyn2f.core.schedule.LearningRateSchedule;

/**
 * What a stored {@link SessionConfig} means at run time: the architecture, the strategy object, the learning-rate
 * schedule and the limits. Immutable; built once per session.
 */
public record SessionRuntime(
        SessionConfig config,
        ModelArchitecture architecture,
        Strategy strategy,
        LearningRateSchedule schedule,
        InfluenceBounds bounds,
        RobustRule robust) {

    /** What the aggregator runs: the strategy inside the session's influence bounds, with its robust rule. */
    public Strategy aggregation() {
        return new BoundedStrategy(strategy, bounds, robust);
    }

    public Duration maxWait() {
        return config.maxWait();
    }

    /** The session's bound on staleness at aggregation time, or 0 for none. */
    public long maxStaleness() {
        Integer bound = config.strategy().maxStaleness();
        return bound == null ? 0 : bound;
    }

    public long uploadLimitBytes() {
        return config.uploadLimitBytes();
    }

    /** The blob kind workers upload in this session. */
    public BlobKind updateBlobKind() {
        return strategy.updateKind() == UpdateKind.DELTA ? BlobKind.DELTA : BlobKind.WEIGHTS;
    }

    /** A reader for the workers' uploads: this architecture, this kind, at most the upload limit. */
    public ModelBlobReader updateReader() {
        return ModelBlobReader.expecting(architecture.fingerprint(), architecture.parameterCount())
                .ofKind(updateBlobKind()).maxBytes(uploadLimitBytes());
    }

    /** A reader for this session's global models. */
    public ModelBlobReader globalReader() {
        return ModelBlobReader.expecting(architecture.fingerprint(), architecture.parameterCount())
                .ofKind(BlobKind.WEIGHTS);
    }

    /** What every worker of the session needs to train, handed to them by the registry (session.opened). */
    public Map<String, Object> trainingConfig() {
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("modelArchitecture", architecture.descriptor());
        training.put("parameterCount", architecture.parameterCount());
        training.put("dataset", config.dataset().name());
        training.put("strategy", strategy.name());
        training.put("updateKind", strategy.updateKind().name());
        training.put("workerMerge", strategy.workerMerge().name());
        if (strategy instanceof Asyn2fStrategy asyn2f && asyn2f.workerMerge() instanceof Asyn2fMerge merge) {
            training.put("beta", merge.beta());
            training.put("alphaForm", merge.form().name());
        }
        training.put("batchSize", config.exchange().batchSize());
        training.put("exchangeEveryEpochs", config.exchange().exchangeEveryEpochs());
        training.put("accuracyThreshold", config.exchange().accuracyThreshold());
        training.put("epochThreshold", config.exchange().epochThreshold());
        training.put("learningRate", schedule.at(0));
        training.put("seed", config.seed());
        training.put("uploadLimitBytes", config.uploadLimitBytes());
        return training;
    }
}
