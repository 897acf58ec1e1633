package io.asyn2f.worker.training;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.asyn2f.api.catalogue.ModelArchitecture;
import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.model.BlobKind;
import io.asyn2f.api.model.BlobSummary;
import io.asyn2f.api.model.ModelBlobWriter;
import io.asyn2f.core.merge.DeltaTracker;
import io.asyn2f.core.merge.GlobalSnapshot;
import io.asyn2f.core.merge.LocalState;
import io.asyn2f.core.merge.WorkerMerge;
import io.asyn2f.worker.data.LabeledDataset;
import io.asyn2f.worker.metrics.WorkerMetrics;
import io.asyn2f.worker.model.NetworkParameters;
import io.asyn2f.worker.model.ParameterLayout;

/**
 * The worker's training loop: mini-batch after mini-batch, never waiting for the network.
 *
 * <p>A newer global model may be handed in at any time from another thread ({@link #offerGlobal}); only the newest
 * pending one is kept. The next step takes it, remembers the weights before the step ({@code W_prev}), trains the
 * batch ({@code W_cur}), and applies the session's {@link WorkerMerge} to the two and the global model, then adopts
 * the server's learning rate and the global version as its base version (FedBuff: the delta baseline moves there).
 *
 * <p>At the end of every epoch, once the training accuracy or the epoch count passes its threshold, and every
 * {@code exchangeEveryEpochs} epochs, the local model (FedBuff: the delta since the base) is written as a model blob
 * and handed to the {@link UpdateSink}.
 *
 * <p>Training loss and accuracy are those of the forward pass on each batch before its update (as Keras reports
 * them), averaged over the epoch. They come from the forward pass that {@code fit} makes for the step itself
 * ({@link ForwardPassOutputs}), in training mode and with the weights before the step, not from a second,
 * inference-mode pass: the same numbers for the catalogue's networks, which have no dropout or batch norm (a
 * network with dropout would report the loss of the dropped-out pass the step trained on). All methods except
 * {@link #offerGlobal}, {@link #stop} and {@link #progress} belong to the training thread.
 */
public final class LocalTrainer {

    private static final Logger log = LoggerFactory.getLogger(LocalTrainer.class);

    private final MultiLayerNetwork network;
    private final ModelArchitecture architecture;
    private final BatchSource batches;
    private final TrainingSettings settings;
    private final WorkerMerge merge;
    private final UpdateSink sink;
    private final WorkerMetrics metrics;
    private final Pacer pacer;
    private final DeltaTracker deltaTracker;
    private final ForwardPassOutputs forwardPass = new ForwardPassOutputs();
    private final AtomicReference<GlobalSnapshot> inbox = new AtomicReference<>();
    private final AtomicReference<TrainingProgress> progress = new AtomicReference<>();

    private volatile boolean stopRequested;
    private volatile long baseVersion = -1;

    private int epoch;
    private int batchInEpoch;
    private long steps;
    private double epochLossSum;
    private int epochCorrect;
    private int epochSeen;
    private long epochStartNanos;
    private double lastEpochLoss = Double.NaN;
    private double lastEpochAccuracy = Double.NaN;
    private double lastSamplesPerSecond;
    private int lastSentEpoch;
    private long merges;
    private long updatesSent;

    public LocalTrainer(MultiLayerNetwork network, ModelArchitecture architecture, LabeledDataset data,
            TrainingSettings settings, WorkerMerge merge, UpdateSink sink, WorkerMetrics metrics) {
        this.network = Objects.requireNonNull(network, "network");
        this.architecture = Objects.requireNonNull(architecture, "architecture");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.merge = Objects.requireNonNull(merge, "merge");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        ParameterLayout.requireMatch(network, architecture);
        if (data.featureCount() != architecture.inputs() || data.classes() != architecture.classes()) {
            throw new IllegalArgumentException("data has " + data.featureCount() + " features and " + data.classes()
                    + " classes; " + architecture.descriptor() + " expects " + architecture.inputs() + " and "
                    + architecture.classes());
        }
        this.batches = new BatchSource(data, settings.batchSize(), settings.shuffleSeed());
        this.pacer = new Pacer(settings.slowdownFactor(), () -> stopRequested);
        this.deltaTracker = settings.sendDeltas() ? new DeltaTracker(0, NetworkParameters.get(network)) : null;
        NetworkParameters.setLearningRate(network, settings.learningRate());
        network.addListeners(forwardPass);
        publishProgress();
    }

    /**
     * Starts from a global model outright (before training: version 0 or the latest when joining late): its
     * parameters and learning rate, no merge.
     */
    public void adoptGlobal(GlobalSnapshot global) {
        NetworkParameters.set(network, global.parameters());
        NetworkParameters.setLearningRate(network, global.learningRate());
        baseVersion = global.version();
        if (deltaTracker != null) {
            deltaTracker.rebase(global.version(), global.parameters());
        }
        publishProgress();
    }

    /**
     * Hands in a newer global model from any thread; it is merged right after the next step. Older than or equal to
     * the base version, or to a pending one, it is ignored.
     */
    public void offerGlobal(GlobalSnapshot global) {
        Objects.requireNonNull(global, "global");
        if (global.parameters().length != architecture.parameterCount()) {
            throw new IllegalArgumentException("global model has " + global.parameters().length
                    + " parameters, " + architecture.descriptor() + " has " + architecture.parameterCount());
        }
        if (global.version() <= baseVersion) {
            return;
        }
        inbox.accumulateAndGet(global, (pending, offered) ->
                pending == null || offered.version() > pending.version() ? offered : pending);
    }

    /** Trains until {@link #stop} or {@code maxEpochs}. */
    public void run() {
        while (!stopRequested && (settings.maxEpochs() == 0 || epoch < settings.maxEpochs())) {
            step();
        }
    }

    /** Ends {@link #run} after the current step. */
    public void stop() {
        stopRequested = true;
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    public TrainingProgress progress() {
        return progress.get();
    }

    /** The global version the local model last merged; -1 before any. */
    public long baseVersion() {
        return baseVersion;
    }

    public MultiLayerNetwork network() {
        return network;
    }

    /** One mini-batch step, the merge of a pending global model after it, and the epoch's end if it was the last. */
    public void step() {
        long start = System.nanoTime();
        if (batchInEpoch == 0) {
            epochStartNanos = start;
        }
        GlobalSnapshot global = inbox.getAndSet(null);
        if (global != null && global.version() <= baseVersion) {
            global = null;
        }
        float[] previous = global == null ? null : NetworkParameters.get(network);

        DataSet batch = batches.batch(epoch, batchInEpoch);
        forwardPass.take();
        network.fit(batch);
        INDArray predictions = forwardPass.take();
        if (predictions == null) {
            throw new IllegalStateException("fit made no forward pass the trainer could see");
        }
        BatchMetrics batchMetrics = BatchMetrics.of(predictions, batch.getLabels());
        epochLossSum += batchMetrics.lossSum();
        epochCorrect += batchMetrics.correct();
        epochSeen += batchMetrics.examples();
        steps++;
        batchInEpoch++;
        metrics.batchTrained(batchMetrics.examples());

        if (global != null) {
            mergeGlobal(previous, global);
        }
        pacer.pace(System.nanoTime() - start);
        if (batchInEpoch == batches.batchesPerEpoch()) {
            endEpoch();
        }
        publishProgress();
    }

    private void mergeGlobal(float[] previous, GlobalSnapshot global) {
        float[] current = NetworkParameters.get(network);
        LocalState local = new LocalState(settings.quality(), batches.examples(), currentLoss(global));
        merge.mergeInto(previous, current, global, local, current);
        NetworkParameters.set(network, current);
        NetworkParameters.setLearningRate(network, global.learningRate());
        long advanced = baseVersion < 0 ? global.version() : global.version() - baseVersion;
        baseVersion = global.version();
        if (deltaTracker != null) {
            deltaTracker.rebase(global.version(), current);
        }
        merges++;
        metrics.merged(merge.name(), advanced);
        log.debug("merged global version {} ({} rule, {} versions ahead), learning rate now {}",
                global.version(), merge.name(), advanced, global.learningRate());
    }

    /** The running loss of this epoch; the last epoch's before the first batch; the server's before any. */
    private double currentLoss(GlobalSnapshot global) {
        if (epochSeen > 0) {
            return epochLossSum / epochSeen;
        }
        return Double.isNaN(lastEpochLoss) ? global.avgLoss() : lastEpochLoss;
    }

    private void endEpoch() {
        double seconds = (System.nanoTime() - epochStartNanos) / 1e9;
        lastEpochLoss = epochLossSum / epochSeen;
        lastEpochAccuracy = (double) epochCorrect / epochSeen;
        lastSamplesPerSecond = seconds > 0 ? epochSeen / seconds : 0;
        epoch++;
        batchInEpoch = 0;
        epochLossSum = 0;
        epochCorrect = 0;
        epochSeen = 0;
        metrics.epochCompleted(lastEpochLoss, lastEpochAccuracy, lastSamplesPerSecond);
        log.debug("epoch {}: loss {}, accuracy {}, {} samples/s", epoch, lastEpochLoss, lastEpochAccuracy,
                lastSamplesPerSecond);
        if (exchangeDue()) {
            submitUpdate();
        }
    }

    private boolean exchangeDue() {
        boolean qualified = lastEpochAccuracy >= settings.qualifiedAccuracy() || epoch >= settings.qualifiedEpochs();
        return qualified && epoch - lastSentEpoch >= settings.exchangeEveryEpochs();
    }

    private void submitUpdate() {
        float[] parameters = NetworkParameters.get(network);
        UpdateKind kind = deltaTracker == null ? UpdateKind.MODEL : UpdateKind.DELTA;
        float[] payload = deltaTracker == null ? parameters : deltaTracker.delta(parameters);
        ByteArrayOutputStream out = new ByteArrayOutputStream(80 + 4 * payload.length);
        BlobSummary summary;
        try {
            summary = ModelBlobWriter.write(out, kind == UpdateKind.MODEL ? BlobKind.WEIGHTS : BlobKind.DELTA,
                    architecture.fingerprint(), payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("training diverged at epoch " + epoch + ": " + e.getMessage(), e);
        }
        sink.submit(new PreparedUpdate(kind, out.toByteArray(), summary, Math.max(0, baseVersion), batches.examples(),
                settings.quality(), lastEpochLoss, lastEpochAccuracy, epoch));
        lastSentEpoch = epoch;
        updatesSent++;
    }

    private void publishProgress() {
        progress.set(new TrainingProgress(epoch, steps, baseVersion, NetworkParameters.learningRate(network),
                lastEpochLoss, lastEpochAccuracy, merges, updatesSent, lastSamplesPerSecond));
    }
}
