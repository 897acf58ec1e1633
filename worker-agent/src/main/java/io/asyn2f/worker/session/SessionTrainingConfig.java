package io.asyn2f.worker.session;

import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.session.TrainingConfig;
import io.asyn2f.core.merge.Asyn2fMerge;
import io.asyn2f.core.merge.ReplaceWithGlobal;
import io.asyn2f.core.merge.WorkerMerge;
import io.asyn2f.worker.training.TrainingSettings;

/**
 * What the worker makes of the session's {@link TrainingConfig} (checked by the record itself when it is read): the
 * merge rule it applies to each new global model and the settings of its training loop. Sessions do not bound the
 * number of epochs: a worker trains until the session stops.
 */
record SessionTrainingConfig(TrainingConfig config) {

    static SessionTrainingConfig from(TrainingConfig config) {
        return new SessionTrainingConfig(java.util.Objects.requireNonNull(config,
                "the registration has no trainingConfig"));
    }

    String modelArchitecture() {
        return config.modelArchitecture();
    }

    String strategy() {
        return config.strategy();
    }

    double learningRate() {
        return config.learningRate();
    }

    long seed() {
        return config.seed();
    }

    WorkerMerge workerMerge() {
        return config.workerMerge().equals("asyn2f")
                ? new Asyn2fMerge(config.beta(), Asyn2fMerge.AlphaForm.valueOf(config.alphaForm()))
                : ReplaceWithGlobal.INSTANCE;
    }

    TrainingSettings settings(double quality, double slowdownFactor) {
        return new TrainingSettings(config.batchSize(), config.learningRate(), config.exchangeEveryEpochs(),
                config.accuracyThreshold(), config.epochThreshold(), 0, slowdownFactor, quality,
                config.updateKind() == UpdateKind.DELTA, config.seed());
    }
}
