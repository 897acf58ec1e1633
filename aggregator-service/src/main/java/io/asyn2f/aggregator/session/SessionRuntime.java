package io.asyn2f.aggregator.session;

import java.time.Duration;

import io.asyn2f.api.catalogue.ModelArchitecture;
import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.model.BlobKind;
import io.asyn2f.api.model.ModelBlobReader;
import io.asyn2f.api.session.TrainingConfig;
import io.asyn2f.core.aggregation.BoundedStrategy;
import io.asyn2f.core.aggregation.InfluenceBounds;
import io.asyn2f.core.aggregation.RobustRule;
import io.asyn2f.core.aggregation.Strategy;
import io.asyn2f.core.merge.Asyn2fMerge;
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

    /**
     * What the aggregator runs: the strategy inside the session's influence bounds, with its robust rule, which holds
     * every update of a version at once and so takes at most as many as fit its input budget
     * ({@link BoundedStrategy#robustLimit}).
     */
    public Strategy aggregation() {
        return new BoundedStrategy(strategy, bounds, robust,
                BoundedStrategy.robustLimit(robust, architecture.parameterCount()));
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
    public TrainingConfig trainingConfig() {
        double beta = Asyn2fMerge.DEFAULT_BETA;
        String alphaForm = Asyn2fMerge.AlphaForm.BETA_ON_LOSS.name();
        if (strategy.workerMerge() instanceof Asyn2fMerge merge) {
            beta = merge.beta();
            alphaForm = merge.form().name();
        }
        SessionConfig.Exchange exchange = config.exchange();
        return new TrainingConfig(architecture.descriptor(), strategy.name(), strategy.updateKind(),
                strategy.workerMerge().name(), beta, alphaForm, exchange.batchSize(), exchange.exchangeEveryEpochs(),
                exchange.accuracyThreshold(), exchange.epochThreshold(), schedule.at(0), config.seed());
    }
}
