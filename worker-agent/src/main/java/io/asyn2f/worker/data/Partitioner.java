package io.asyn2f.worker.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import io.asyn2f.api.random.StandardNormal;

/**
 * Splits a dataset among {@code workers} so that worker {@code k} can compute its own part alone, knowing only the
 * scheme, the seed and its index: every worker runs the same deterministic split and keeps its row. Parts are
 * disjoint; with fractions summing to 1 (the default: equal parts) they cover the dataset.
 *
 * <ul>
 *   <li>{@link Scheme#IID}: a seeded shuffle cut into parts of the given fractions.</li>
 *   <li>{@link Scheme#DIRICHLET}: label skew; for every class, the share each worker gets is drawn from
 *       Dirichlet(alpha) (then weighted by the worker's fraction). Small alpha (0.1) gives each worker a few
 *       dominant classes, large alpha (100) approaches IID. Redrawn (deterministically) until every worker has at
 *       least one example.</li>
 *   <li>{@link Scheme#SHARDS}: the pathological split of McMahan et al.: examples sorted by label, cut into
 *       {@code workers * shardsPerWorker} equal shards, each worker gets its fraction of the shards at random.</li>
 * </ul>
 * Indices within a part are ascending (training shuffles per epoch anyway).
 */
public final class Partitioner {

    /** How examples are distributed. */
    public enum Scheme {
        IID, DIRICHLET, SHARDS
    }

    private static final int MAX_DIRICHLET_DRAWS = 1000;
    private static final double FRACTION_TOLERANCE = 1e-9;

    private final Scheme scheme;
    private final int workers;
    private final long seed;
    private final double alpha;
    private final int shardsPerWorker;
    private final double[] fractions;

    private Partitioner(Scheme scheme, int workers, long seed, double alpha, int shardsPerWorker, double[] fractions) {
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, was " + workers);
        }
        this.workers = workers;
        this.seed = seed;
        this.alpha = alpha;
        this.shardsPerWorker = shardsPerWorker;
        this.fractions = fractions == null ? equal(workers) : checkFractions(fractions, workers);
    }

    public static Partitioner iid(int workers, long seed) {
        return new Partitioner(Scheme.IID, workers, seed, 0, 0, null);
    }

    public static Partitioner dirichlet(int workers, double alpha, long seed) {
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("Dirichlet alpha must be > 0, was " + alpha);
        }
        return new Partitioner(Scheme.DIRICHLET, workers, seed, alpha, 0, null);
    }

    public static Partitioner shards(int workers, int shardsPerWorker, long seed) {
        if (shardsPerWorker < 1) {
            throw new IllegalArgumentException("shardsPerWorker must be >= 1, was " + shardsPerWorker);
        }
        return new Partitioner(Scheme.SHARDS, workers, seed, 0, shardsPerWorker, null);
    }

    /**
     * The same split with parts of these relative sizes, one per worker, each > 0, summing to at most 1 (less than 1
     * leaves the rest of the data unused, e.g. {@code 0.2, 0.2} takes 40 %).
     */
    public Partitioner withFractions(double... sizes) {
        return new Partitioner(scheme, workers, seed, alpha, shardsPerWorker, sizes.clone());
    }

    public Scheme scheme() {
        return scheme;
    }

    public int workers() {
        return workers;
    }

    /** The example indices of every worker: {@code result[k]} is worker k's part. */
    public int[][] split(int[] labels, int classes) {
        int[][] parts = switch (scheme) {
            case IID -> iidSplit(labels.length);
            case DIRICHLET -> dirichletSplit(labels, classes);
            case SHARDS -> shardSplit(labels);
        };
        for (int[] part : parts) {
            Arrays.sort(part);
        }
        return parts;
    }

    /** Worker {@code worker}'s part of {@code data}. */
    public LabeledDataset partition(LabeledDataset data, int worker) {
        if (worker < 0 || worker >= workers) {
            throw new IllegalArgumentException("worker index " + worker + " is outside 0.." + (workers - 1));
        }
        return data.subset(split(data.labels(), data.classes())[worker]);
    }

    private int[][] iidSplit(int n) {
        int[] order = shuffledRange(n, new SplittableRandom(seed));
        int[] counts = apportion(Math.round(n * sum(fractions)), fractions, n);
        int[][] parts = new int[workers][];
        int offset = 0;
        for (int k = 0; k < workers; k++) {
            parts[k] = Arrays.copyOfRange(order, offset, offset + counts[k]);
            offset += counts[k];
        }
        return parts;
    }

    private int[][] dirichletSplit(int[] labels, int classes) {
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(shuffle(indicesOf(labels, c), random));
        }
        double total = sum(fractions);
        for (int draw = 0; draw < MAX_DIRICHLET_DRAWS; draw++) {
            List<List<int[]>> pieces = new ArrayList<>();
            for (int k = 0; k < workers; k++) {
                pieces.add(new ArrayList<>());
            }
            int[] sizes = new int[workers];
            for (int[] members : byClass) {
                double[] shares = dirichlet(random);
                for (int k = 0; k < workers; k++) {
                    shares[k] *= fractions[k];
                }
                int[] counts = apportion(Math.round(members.length * total), shares, members.length);
                int offset = 0;
                for (int k = 0; k < workers; k++) {
                    pieces.get(k).add(Arrays.copyOfRange(members, offset, offset + counts[k]));
                    sizes[k] += counts[k];
                    offset += counts[k];
                }
            }
            if (Arrays.stream(sizes).allMatch(size -> size > 0) || labels.length < workers) {
                int[][] parts = new int[workers][];
                for (int k = 0; k < workers; k++) {
                    parts[k] = pieces.get(k).stream().flatMapToInt(Arrays::stream).toArray();
                }
                return parts;
            }
        }
        throw new IllegalStateException("no Dirichlet(" + alpha + ") split of " + labels.length + " examples gave "
                + "every one of " + workers + " workers an example in " + MAX_DIRICHLET_DRAWS + " draws; raise alpha");
    }

    private int[][] shardSplit(int[] labels) {
        SplittableRandom random = new SplittableRandom(seed);
        // Shuffle, then a stable sort by label: shards are label-pure runs with a random choice inside each class.
        Integer[] order = Arrays.stream(shuffledRange(labels.length, random)).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Integer.compare(labels[a], labels[b]));
        int shardCount = workers * shardsPerWorker;
        if (shardCount > labels.length) {
            throw new IllegalArgumentException(labels.length + " examples cannot make " + shardCount + " shards");
        }
        int[] shardOrder = shuffledRange(shardCount, random);
        int[] shardsOf = apportion(Math.round(shardCount * sum(fractions)), fractions, shardCount);
        int[][] parts = new int[workers][];
        int next = 0;
        for (int k = 0; k < workers; k++) {
            List<Integer> members = new ArrayList<>();
            for (int s = 0; s < shardsOf[k]; s++) {
                int shard = shardOrder[next++];
                int from = (int) ((long) shard * labels.length / shardCount);
                int to = (int) ((long) (shard + 1) * labels.length / shardCount);
                for (int i = from; i < to; i++) {
                    members.add(order[i]);
                }
            }
            parts[k] = members.stream().mapToInt(Integer::intValue).toArray();
        }
        return parts;
    }

    /** A draw from Dirichlet(alpha, ..., alpha) over the workers, via normalised Gamma(alpha) draws. */
    private double[] dirichlet(SplittableRandom random) {
        double[] x = new double[workers];
        double total = 0;
        for (int k = 0; k < workers; k++) {
            x[k] = gamma(alpha, random);
            total += x[k];
        }
        if (total <= 0) {
            // Every draw underflowed (tiny alpha): all of the class goes to one worker.
            x[random.nextInt(workers)] = 1;
            return x;
        }
        for (int k = 0; k < workers; k++) {
            x[k] /= total;
        }
        return x;
    }

    /** Marsaglia-Tsang; for shape < 1 the usual boost Gamma(a) = Gamma(a+1) * U^(1/a). */
    static double gamma(double shape, SplittableRandom random) {
        if (shape < 1) {
            return gamma(shape + 1, random) * Math.pow(random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = StandardNormal.sample(random);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    /**
     * Splits {@code total} items in proportion to {@code weights} by largest remainders; the counts sum to
     * {@code total} exactly (capped at {@code available}).
     */
    static int[] apportion(long total, double[] weights, int available) {
        int n = (int) Math.min(total, available);
        double weightSum = sum(weights);
        int[] counts = new int[weights.length];
        if (weightSum <= 0 || n == 0) {
            return counts;
        }
        double[] remainders = new double[weights.length];
        int assigned = 0;
        for (int k = 0; k < weights.length; k++) {
            double exact = n * weights[k] / weightSum;
            counts[k] = (int) Math.floor(exact);
            remainders[k] = exact - counts[k];
            assigned += counts[k];
        }
        Integer[] byRemainder = new Integer[weights.length];
        for (int k = 0; k < weights.length; k++) {
            byRemainder[k] = k;
        }
        // Ties go to the lower index, so the result is deterministic.
        Arrays.sort(byRemainder, (a, b) -> Double.compare(remainders[b], remainders[a]));
        for (int i = 0; assigned < n; i = (i + 1) % weights.length) {
            counts[byRemainder[i]]++;
            assigned++;
        }
        return counts;
    }

    private static int[] indicesOf(int[] labels, int label) {
        return java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == label).toArray();
    }

    private static int[] shuffledRange(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return shuffle(order, random);
    }

    private static int[] shuffle(int[] values, SplittableRandom random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = values[i];
            values[i] = values[j];
            values[j] = tmp;
        }
        return values;
    }

    private static double[] equal(int workers) {
        double[] f = new double[workers];
        Arrays.fill(f, 1.0 / workers);
        return f;
    }

    private static double[] checkFractions(double[] fractions, int workers) {
        if (fractions.length != workers) {
            throw new IllegalArgumentException(fractions.length + " fractions for " + workers + " workers");
        }
        for (double f : fractions) {
            if (!(f > 0) || !Double.isFinite(f)) {
                throw new IllegalArgumentException("every fraction must be > 0, got " + Arrays.toString(fractions));
            }
        }
        if (sum(fractions) > 1 + FRACTION_TOLERANCE) {
            throw new IllegalArgumentException("fractions sum to " + sum(fractions) + " > 1: "
                    + Arrays.toString(fractions));
        }
        return fractions;
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double v : values) {
            total += v;
        }
        return total;
    }

    @Override
    public String toString() {
        return switch (scheme) {
            case IID -> "iid";
            case DIRICHLET -> "dirichlet(alpha=" + alpha + ")";
            case SHARDS -> "shards(" + shardsPerWorker + " per worker)";
        } + " over " + workers + " workers, seed " + seed + ", fractions " + Arrays.toString(fractions);
    }
}
