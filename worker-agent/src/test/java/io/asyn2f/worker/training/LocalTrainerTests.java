package io.asyn2f.worker.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import io.asyn2f.api.catalogue.ModelArchitecture;
import io.asyn2f.api.catalogue.ModelCatalogue;
import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.model.BlobKind;
import io.asyn2f.api.model.ModelBlob;
import io.asyn2f.api.model.ModelBlobReader;
import io.asyn2f.core.merge.Asyn2fMerge;
import io.asyn2f.core.merge.GlobalSnapshot;
import io.asyn2f.core.merge.LocalState;
import io.asyn2f.core.merge.ReplaceWithGlobal;
import io.asyn2f.core.merge.WorkerMerge;
import io.asyn2f.worker.data.LabeledDataset;
import io.asyn2f.worker.data.SyntheticClassification;
import io.asyn2f.worker.metrics.WorkerMetrics;
import io.asyn2f.worker.model.NetworkFactory;
import io.asyn2f.worker.model.NetworkParameters;
import io.asyn2f.worker.tester.Evaluation;
import io.asyn2f.worker.tester.ModelEvaluator;

/** Small networks on synthetic data: each test trains for well under a second. */
class LocalTrainerTests {

    private static final ModelArchitecture ARCHITECTURE = ModelCatalogue.resolve("mlp:20-16-4");
    private static final LabeledDataset DATA = SyntheticClassification.generate(400, 20, 4, 1.0, 11);
    private static final TrainingSettings SETTINGS = TrainingSettings.defaults().withBatchSize(16)
            .withLearningRate(0.05).withShuffleSeed(3);
    /** Training on another thread, on a machine that may be busy with other builds: generous, but bounded. */
    private static final Duration TRAINING_WAIT = Duration.ofSeconds(60);

    private final List<PreparedUpdate> submitted = new CopyOnWriteArrayList<>();

    @Test
    void shouldMergeWithTheWeightsAroundTheStepThatFollowsTheGlobalModelsArrival() {
        RecordingMerge recording = new RecordingMerge(Asyn2fMerge.withDefaults());
        LocalTrainer trainer = trainer(SETTINGS, recording);
        for (int i = 0; i < 3; i++) {
            trainer.step();
        }
        float[] beforeStep = NetworkParameters.get(trainer.network());
        GlobalSnapshot global = new GlobalSnapshot(5, ARCHITECTURE.initialParameters(99), 0.8, 1.2, 1000, 0.02);

        trainer.offerGlobal(global);
        assertThat(recording.calls).isEmpty(); // nothing happens until the next step
        trainer.step();

        assertThat(recording.calls).hasSize(1);
        Call call = recording.calls.get(0);
        assertThat(call.previous).containsExactly(beforeStep);
        assertThat(call.current).containsExactly(twinAfterSteps(4)); // W_cur = the weights after that very step
        assertThat(call.global).isSameAs(global);
        assertThat(call.local.quality()).isEqualTo(1.0);
        assertThat(call.local.samples()).isEqualTo(DATA.size());
        assertThat(call.local.loss()).isPositive();

        float[] expected = Asyn2fMerge.withDefaults().merge(call.previous, call.current, global, call.local);
        float[] merged = NetworkParameters.get(trainer.network());
        assertThat(merged).containsExactly(expected);
        assertThat(merged).isNotEqualTo(global.parameters()).isNotEqualTo(call.current); // some jump, some mix
        assertThat(trainer.baseVersion()).isEqualTo(5);
        assertThat(trainer.progress().learningRate()).isCloseTo(0.02, within(1e-9));
        assertThat(trainer.progress().merges()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreGlobalModelsNoNewerThanTheBase() {
        RecordingMerge recording = new RecordingMerge(Asyn2fMerge.withDefaults());
        LocalTrainer trainer = trainer(SETTINGS, recording);
        trainer.adoptGlobal(new GlobalSnapshot(4, ARCHITECTURE.initialParameters(1), 1, 1, 1, 0.05));

        trainer.offerGlobal(new GlobalSnapshot(3, ARCHITECTURE.initialParameters(2), 1, 1, 1, 0.05));
        trainer.offerGlobal(new GlobalSnapshot(4, ARCHITECTURE.initialParameters(2), 1, 1, 1, 0.05));
        trainer.step();

        assertThat(recording.calls).isEmpty();
        assertThat(trainer.baseVersion()).isEqualTo(4);
    }

    @Test
    void shouldMergeOnlyTheNewestOfSeveralPendingGlobalModels() {
        RecordingMerge recording = new RecordingMerge(Asyn2fMerge.withDefaults());
        LocalTrainer trainer = trainer(SETTINGS, recording);

        trainer.offerGlobal(new GlobalSnapshot(2, ARCHITECTURE.initialParameters(2), 1, 1, 100, 0.05));
        trainer.offerGlobal(new GlobalSnapshot(7, ARCHITECTURE.initialParameters(7), 1, 1, 100, 0.04));
        trainer.offerGlobal(new GlobalSnapshot(5, ARCHITECTURE.initialParameters(5), 1, 1, 100, 0.03));
        trainer.step();
        trainer.step();

        assertThat(recording.calls).hasSize(1);
        assertThat(recording.calls.get(0).global.version()).isEqualTo(7);
        assertThat(trainer.progress().learningRate()).isCloseTo(0.04, within(1e-9));
    }

    @Test
    void shouldLearnSyntheticDataWellAboveChance() {
        LabeledDataset all = SyntheticClassification.generate(1200, 20, 4, 1.0, 5);
        LabeledDataset train = all.head(1000);
        LabeledDataset test = all.subset(java.util.stream.IntStream.range(1000, 1200).toArray());
        MultiLayerNetwork network = NetworkFactory.buildWithCatalogueInit(ARCHITECTURE, 0.05, 1);
        LocalTrainer trainer = new LocalTrainer(network, ARCHITECTURE, train, SETTINGS.withMaxEpochs(5),
                Asyn2fMerge.withDefaults(), submitted::add, WorkerMetrics.detached());

        trainer.run();

        assertThat(trainer.progress().epoch()).isEqualTo(5);
        assertThat(trainer.progress().epochAccuracy()).isGreaterThan(0.8); // chance is 0.25
        assertThat(trainer.progress().epochLoss()).isLessThan(Math.log(4) / 2);
        Evaluation evaluation = new ModelEvaluator(ARCHITECTURE, test).evaluate(NetworkParameters.get(network));
        assertThat(evaluation.accuracy()).isGreaterThan(0.8);
        assertThat(evaluation.samples()).isEqualTo(200);
    }

    @Test
    void shouldSubmitTheLocalModelEveryExchangeIntervalOnceQualified() throws Exception {
        // Qualifies by epoch count at epoch 3 (accuracy 1.01 is never reached), then every 2 epochs: 3, 5, 7.
        TrainingSettings settings = SETTINGS.withExchange(2, 1.01, 3).withMaxEpochs(8).withQuality(0.7);
        List<float[]> parametersAtSubmit = new ArrayList<>();
        MultiLayerNetwork network = NetworkFactory.buildWithCatalogueInit(ARCHITECTURE, 0.05, 1);
        LocalTrainer trainer = new LocalTrainer(network, ARCHITECTURE, DATA, settings, Asyn2fMerge.withDefaults(),
                update -> {
                    submitted.add(update);
                    parametersAtSubmit.add(NetworkParameters.get(network));
                }, WorkerMetrics.detached());
        trainer.adoptGlobal(new GlobalSnapshot(2, ARCHITECTURE.initialParameters(3), 1, 1, 1, 0.05));

        trainer.run();

        assertThat(submitted).extracting(PreparedUpdate::epoch).containsExactly(3, 5, 7);
        PreparedUpdate last = submitted.get(2);
        assertThat(last.kind()).isEqualTo(UpdateKind.MODEL);
        assertThat(last.baseVersion()).isEqualTo(2);
        assertThat(last.samples()).isEqualTo(DATA.size());
        assertThat(last.quality()).isEqualTo(0.7);
        assertThat(last.accuracy()).isBetween(0.0, 1.0);
        assertThat(last.summary().sizeBytes()).isEqualTo(last.blob().length);
        ModelBlob blob = ModelBlobReader.expecting(ARCHITECTURE.fingerprint(), ARCHITECTURE.parameterCount())
                .ofKind(BlobKind.WEIGHTS).read(new ByteArrayInputStream(last.blob()));
        assertThat(blob.parameters()).containsExactly(parametersAtSubmit.get(2));
    }

    @Test
    void shouldSendDeltasFromTheLastMergedVersionForFedBuff() throws Exception {
        TrainingSettings settings = SETTINGS.withDeltas(true).withMaxEpochs(1);
        List<float[]> parametersAtSubmit = new ArrayList<>();
        MultiLayerNetwork network = NetworkFactory.buildWithCatalogueInit(ARCHITECTURE, 0.05, 1);
        LocalTrainer trainer = new LocalTrainer(network, ARCHITECTURE, DATA, settings, ReplaceWithGlobal.INSTANCE,
                update -> {
                    submitted.add(update);
                    parametersAtSubmit.add(NetworkParameters.get(network));
                }, WorkerMetrics.detached());
        trainer.adoptGlobal(new GlobalSnapshot(0, ARCHITECTURE.initialParameters(1), 1, 1, 1, 0.05));
        trainer.step();
        GlobalSnapshot version1 = new GlobalSnapshot(1, ARCHITECTURE.initialParameters(8), 1, 1, 1, 0.05);
        trainer.offerGlobal(version1);

        trainer.run();

        assertThat(submitted).hasSize(1);
        PreparedUpdate update = submitted.get(0);
        assertThat(update.kind()).isEqualTo(UpdateKind.DELTA);
        assertThat(update.baseVersion()).isEqualTo(1);
        float[] delta = ModelBlobReader.expecting(ARCHITECTURE.fingerprint(), ARCHITECTURE.parameterCount())
                .ofKind(BlobKind.DELTA).read(new ByteArrayInputStream(update.blob())).parameters();
        float[] local = parametersAtSubmit.get(0);
        for (int i = 0; i < delta.length; i++) {
            assertThat(delta[i]).isEqualTo(local[i] - version1.parameters()[i]);
        }
    }

    @Test
    void shouldMergeAGlobalModelHandedInFromAnotherThreadWithoutPausing() throws Exception {
        LocalTrainer trainer = trainer(SETTINGS, Asyn2fMerge.withDefaults());
        Thread training = new Thread(trainer::run, "training");
        training.start();
        try {
            // The first steps include loading the ND4J backend and building the network, slow on a busy machine.
            await().atMost(TRAINING_WAIT).until(() -> trainer.progress().steps() > 5);
            trainer.offerGlobal(new GlobalSnapshot(1, ARCHITECTURE.initialParameters(4), 0.9, 0.8, 2000, 0.03));
            await().atMost(TRAINING_WAIT).untilAsserted(() -> {
                assertThat(trainer.progress().merges()).isEqualTo(1);
                assertThat(trainer.progress().baseVersion()).isEqualTo(1);
            });
            long steps = trainer.progress().steps();
            await().atMost(TRAINING_WAIT).until(() -> trainer.progress().steps() > steps + 5);
        } finally {
            trainer.stop();
            training.join(TRAINING_WAIT.toMillis());
        }
        assertThat(training.isAlive()).isFalse();
    }

    @Test
    void shouldReportMetrics() {
        WorkerMetrics metrics = WorkerMetrics.detached();
        MultiLayerNetwork network = NetworkFactory.buildWithCatalogueInit(ARCHITECTURE, 0.05, 1);
        LocalTrainer trainer = new LocalTrainer(network, ARCHITECTURE, DATA, SETTINGS.withMaxEpochs(1),
                Asyn2fMerge.withDefaults(), submitted::add, metrics);
        trainer.offerGlobal(new GlobalSnapshot(3, ARCHITECTURE.initialParameters(4), 0.9, 0.8, 2000, 0.03));

        trainer.run();

        var registry = metrics.registry();
        assertThat(registry.get("asyn2f.worker.samples.trained").counter().count()).isEqualTo(DATA.size());
        assertThat(registry.get("asyn2f.worker.merges").tag("rule", "asyn2f").counter().count()).isEqualTo(1);
        assertThat(registry.get("asyn2f.worker.merge.staleness").summary().totalAmount()).isEqualTo(3);
        assertThat(registry.get("asyn2f.worker.samples.per.second").gauge().value()).isPositive();
        assertThat(registry.get("asyn2f.worker.local.accuracy").gauge().value()).isBetween(0.0, 1.0);
        assertThat(registry.get("asyn2f.worker.local.loss").gauge().value()).isPositive();
        // Counted by the network side once uploaded and announced, not when handed over.
        assertThat(registry.get("asyn2f.worker.updates.submitted").counter().count()).isZero();
    }

    @Test
    void shouldReportTheLossAndAccuracyOfEachBatchBeforeItsStepWithoutASecondForwardPass() {
        LocalTrainer trainer = trainer(SETTINGS.withMaxEpochs(1), ReplaceWithGlobal.INSTANCE);

        trainer.run();

        // The twin measures each batch by an explicit inference pass before the same step.
        MultiLayerNetwork twin = NetworkFactory.buildWithCatalogueInit(ARCHITECTURE, 0.05, 1);
        BatchSource batches = new BatchSource(DATA, SETTINGS.batchSize(), SETTINGS.shuffleSeed());
        double lossSum = 0;
        int correct = 0;
        int seen = 0;
        for (int i = 0; i < batches.batchesPerEpoch(); i++) {
            var batch = batches.batch(0, i);
            BatchMetrics before = BatchMetrics.of(twin.output(batch.getFeatures(), false), batch.getLabels());
            lossSum += before.lossSum();
            correct += before.correct();
            seen += before.examples();
            twin.fit(batch);
        }
        assertThat(trainer.progress().epochLoss()).isCloseTo(lossSum / seen, within(1e-4));
        assertThat(trainer.progress().epochAccuracy()).isEqualTo((double) correct / seen);
        assertThat(NetworkParameters.get(trainer.network())).containsExactly(NetworkParameters.get(twin));
    }

    private LocalTrainer trainer(TrainingSettings settings, WorkerMerge merge) {
        MultiLayerNetwork network = NetworkFactory.buildWithCatalogueInit(ARCHITECTURE, 0.05, 1);
        return new LocalTrainer(network, ARCHITECTURE, DATA, settings, merge, submitted::add,
                WorkerMetrics.detached());
    }

    /** The same network trained by hand on the same batches. */
    private static float[] twinAfterSteps(int steps) {
        MultiLayerNetwork twin = NetworkFactory.buildWithCatalogueInit(ARCHITECTURE, 0.05, 1);
        BatchSource batches = new BatchSource(DATA, SETTINGS.batchSize(), SETTINGS.shuffleSeed());
        for (int i = 0; i < steps; i++) {
            twin.fit(batches.batch(0, i));
        }
        return NetworkParameters.get(twin);
    }

    private record Call(float[] previous, float[] current, GlobalSnapshot global, LocalState local) {
    }

    /** Records copies of what the trainer passes, then merges with the real rule. */
    private static final class RecordingMerge implements WorkerMerge {

        final List<Call> calls = new ArrayList<>();
        private final WorkerMerge delegate;

        RecordingMerge(WorkerMerge delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public void mergeInto(float[] previous, float[] current, GlobalSnapshot global, LocalState local,
                float[] out) {
            calls.add(new Call(previous.clone(), current.clone(), global, local));
            delegate.mergeInto(previous, current, global, local, out);
        }
    }
}
