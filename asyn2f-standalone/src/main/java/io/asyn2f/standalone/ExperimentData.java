package io.asyn2f.standalone;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.asyn2f.api.catalogue.ModelArchitecture;
import io.asyn2f.worker.data.IdxReader;
import io.asyn2f.worker.data.LabeledDataset;
import io.asyn2f.worker.data.Partitioner;
import io.asyn2f.worker.data.SyntheticClassification;

/**
 * The examples of one experiment: each trainer's partition (deterministic by seed, of differing sizes) and the
 * tester's held-out set. Every strategy in {@code compare} gets exactly the same.
 *
 * @param description what was loaded, for the console and the summary
 */
public record ExperimentData(String name, String description, List<LabeledDataset> partitions, LabeledDataset test) {

    /** Loads Fashion-MNIST when asked or present, otherwise generates a synthetic set shaped for the model. */
    public static ExperimentData load(LauncherOptions options, ModelArchitecture architecture) throws IOException {
        boolean fashionPresent = DatasetSetup.present(options.dataDirectory());
        boolean fashion = switch (options.dataset()) {
            case "fashion-mnist" -> {
                if (!fashionPresent) {
                    throw new IOException("Fashion-MNIST not found in " + options.dataDirectory()
                            + " (apt-get install dataset-fashion-mnist, or --data-dir)");
                }
                yield true;
            }
            case "synthetic" -> false;
            default -> fashionPresent;
        };
        LabeledDataset train;
        LabeledDataset test;
        String name;
        String description;
        if (fashion) {
            if (architecture.inputs() != 784 || architecture.classes() != 10) {
                throw new IllegalArgumentException("Fashion-MNIST needs a model with 784 inputs and 10 classes, "
                        + architecture.descriptor() + " has " + architecture.inputs() + " and " + architecture.classes());
            }
            train = IdxReader.readSplit(options.dataDirectory(), "train", 10).head(options.trainSamples());
            test = IdxReader.readSplit(options.dataDirectory(), "t10k", 10).head(options.testSamples());
            name = "fashion-mnist";
            description = "Fashion-MNIST from " + options.dataDirectory() + ": " + train.size() + " training and "
                    + test.size() + " test images";
        } else {
            LabeledDataset all = SyntheticClassification.generate(options.trainSamples() + options.testSamples(),
                    architecture.inputs(), architecture.classes(), 0.35, options.seed());
            int[] trainIndices = new int[options.trainSamples()];
            int[] testIndices = new int[options.testSamples()];
            for (int i = 0; i < trainIndices.length; i++) {
                trainIndices[i] = i;
            }
            for (int i = 0; i < testIndices.length; i++) {
                testIndices[i] = trainIndices.length + i;
            }
            train = all.subset(trainIndices);
            test = all.subset(testIndices);
            name = "synthetic";
            description = "SYNTHETIC data (Gaussian clusters, " + architecture.inputs() + " features, "
                    + architecture.classes() + " classes): " + train.size() + " training and " + test.size()
                    + " test examples" + (options.dataset().equals("auto")
                    ? "; Fashion-MNIST was not found in " + options.dataDirectory() : "");
        }
        Partitioner partitioner = partitioner(options).withFractions(unequalSizes(options.workers()));
        List<LabeledDataset> partitions = new ArrayList<>();
        for (int worker = 0; worker < options.workers(); worker++) {
            partitions.add(partitioner.partition(train, worker));
        }
        return new ExperimentData(name, description, List.copyOf(partitions), test);
    }

    private static Partitioner partitioner(LauncherOptions options) {
        String partition = options.partition();
        if (partition.startsWith("dirichlet:")) {
            return Partitioner.dirichlet(options.workers(), Double.parseDouble(partition.substring(10)), options.seed());
        }
        if (partition.equals("shards")) {
            return Partitioner.shards(options.workers(), 2, options.seed());
        }
        return Partitioner.iid(options.workers(), options.seed());
    }

    /**
     * Fractions of the training set, falling linearly so the first worker holds twice as much as the last (the
     * reference experiments use unequal sizes); they sum to one.
     */
    static double[] unequalSizes(int workers) {
        double[] sizes = new double[workers];
        double total = 0;
        for (int i = 0; i < workers; i++) {
            sizes[i] = workers == 1 ? 1 : 2.0 - (double) i / (workers - 1);
            total += sizes[i];
        }
        for (int i = 0; i < workers; i++) {
            sizes[i] /= total;
        }
        return sizes;
    }
}
