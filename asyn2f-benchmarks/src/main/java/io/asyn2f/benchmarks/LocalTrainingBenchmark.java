package io.asyn2f.benchmarks;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import io.asyn2f.api.catalogue.ModelArchitecture;
import io.asyn2f.api.catalogue.ModelCatalogue;
import io.asyn2f.core.merge.Asyn2fMerge;
import io.asyn2f.worker.data.IdxReader;
import io.asyn2f.worker.data.LabeledDataset;
import io.asyn2f.worker.data.Partitioner;
import io.asyn2f.worker.metrics.WorkerMetrics;
import io.asyn2f.worker.model.NetworkFactory;
import io.asyn2f.worker.model.NetworkParameters;
import io.asyn2f.worker.tester.ModelEvaluator;
import io.asyn2f.worker.training.BatchSource;
import io.asyn2f.worker.training.LocalTrainer;
import io.asyn2f.worker.training.TrainingSettings;

/**
 * Throughput of one worker training alone, without the platform: the baseline to compare a federated run with.
 * Two loops on the same partition: {@code plain} is DL4J's {@code fit} per mini-batch and nothing else;
 * {@code trainer} is the worker's {@link LocalTrainer} (batch metrics, merge hook, update blobs, no network).
 *
 * Not a JMH benchmark, and not in {@code benchmarks.jar}: the worker (DL4J) is a provided dependency of this module,
 * so the command puts it on the class path (docs/operations.md, "Benchmarks"):
 * <pre>
 * ./mvnw -q -pl asyn2f-benchmarks -am package dependency:build-classpath -DskipTests -Dmdep.outputFile=target/cp.txt
 * OMP_NUM_THREADS=1 java -cp asyn2f-benchmarks/target/classes:$(cat asyn2f-benchmarks/target/cp.txt) \
 *     io.asyn2f.benchmarks.LocalTrainingBenchmark --samples 12000 --epochs 3
 * </pre>
 * Options: {@code --data DIR} (Fashion-MNIST IDX files; default {@value #DEFAULT_DATA}), {@code --samples N}
 * (an IID partition of this size), {@code --epochs N}, {@code --batch N}, {@code --model DESCRIPTOR},
 * {@code --loop plain|trainer|both}, {@code --lr X}.
 */
public final class LocalTrainingBenchmark {

    static final String DEFAULT_DATA = "/usr/share/datasets/fashion-mnist";

    private LocalTrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Path folder = Path.of(options.getOrDefault("data", DEFAULT_DATA));
        int samples = Integer.parseInt(options.getOrDefault("samples", "12000"));
        int epochs = Integer.parseInt(options.getOrDefault("epochs", "3"));
        int batch = Integer.parseInt(options.getOrDefault("batch", "64"));
        double lr = Double.parseDouble(options.getOrDefault("lr", "0.05"));
        String loop = options.getOrDefault("loop", "both");
        ModelArchitecture architecture = ModelCatalogue.resolve(options.getOrDefault("model", ModelCatalogue.MLP_DEFAULT));

        LabeledDataset all = IdxReader.readSplit(folder, "train", 10);
        LabeledDataset test = IdxReader.readSplit(folder, "t10k", 10);
        double fraction = Math.min(1.0, (double) samples / all.size());
        LabeledDataset partition = Partitioner.iid(1, 1).withFractions(fraction).partition(all, 0);
        System.out.printf(Locale.ROOT, "model %s, %d training examples, batch %d, %d epochs, lr %.3f, OMP_NUM_THREADS=%s%n",
                architecture, partition.size(), batch, epochs, lr, System.getenv("OMP_NUM_THREADS"));
        ModelEvaluator evaluator = new ModelEvaluator(architecture, test);

        if (!loop.equals("trainer")) {
            MultiLayerNetwork network = NetworkFactory.buildWithCatalogueInit(architecture, lr, 1);
            BatchSource batches = new BatchSource(partition, batch, 1);
            for (int epoch = 0; epoch < epochs; epoch++) {
                long start = System.nanoTime();
                for (int b = 0; b < batches.batchesPerEpoch(); b++) {
                    network.fit(batches.batch(epoch, b));
                }
                report("plain", epoch, partition.size(), start);
            }
            var evaluation = evaluator.evaluate(NetworkParameters.get(network));
            System.out.printf(Locale.ROOT, "plain: test accuracy %.4f, loss %.4f%n", evaluation.accuracy(), evaluation.loss());
        }
        if (!loop.equals("plain")) {
            MultiLayerNetwork network = NetworkFactory.buildWithCatalogueInit(architecture, lr, 1);
            TrainingSettings settings = TrainingSettings.defaults().withBatchSize(batch).withLearningRate(lr)
                    .withMaxEpochs(epochs).withShuffleSeed(1);
            LocalTrainer trainer = new LocalTrainer(network, architecture, partition, settings,
                    Asyn2fMerge.withDefaults(), update -> { }, WorkerMetrics.detached());
            for (int epoch = 0; epoch < epochs; epoch++) {
                long start = System.nanoTime();
                int target = epoch + 1;
                while (trainer.progress().epoch() < target) {
                    trainer.step();
                }
                report("trainer", epoch, partition.size(), start);
            }
            var evaluation = evaluator.evaluate(NetworkParameters.get(network));
            System.out.printf(Locale.ROOT, "trainer: training accuracy %.4f, test accuracy %.4f, loss %.4f%n",
                    trainer.progress().epochAccuracy(), evaluation.accuracy(), evaluation.loss());
        }
    }

    private static void report(String loop, int epoch, int examples, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s epoch %d: %.2f s, %.0f samples/s%n", loop, epoch + 1, seconds,
                examples / seconds);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
