package io.asyn2f.core.aggregation;

import java.util.List;

import io.asyn2f.core.merge.Asyn2fMerge;
import io.asyn2f.core.merge.WorkerMerge;

/**
 * ASYN2F server-side aggregation. Keeps the newest update per worker; once at least {@code m} workers have one
 * pending (or the max-wait has passed with at least one), builds {@code v+1} from them alone:
 *
 * <pre>
 * a_k = q_k * n_k / (L_k + 1e-7) / ((v+1) - v_k),  then a_k /= sum(a)
 * W(v+1) = sum_k a_k * W_k
 * </pre>
 *
 * If every raw weight is zero (all qualities zero), the participants are weighted equally.
 */
public final class Asyn2fStrategy implements Strategy {

    /** m of a session that names none (the reference configurations' m for 7-10 workers). */
    public static final int DEFAULT_M = 3;

    /** Added to the loss so a zero loss does not divide by zero. */
    public static final double LOSS_EPSILON = 1e-7;

    /**
     * The registry entry of {@code asyn2f}: {@code m} updates per version (1 to 10,000, default 3), the worker merge's
     * {@code beta} in [0, 1] (default 0.6) and {@code alphaForm} ({@code BETA_ON_LOSS}, default, or
     * {@code BETA_ON_SIZE}).
     */
    public static final StrategyDefinition DEFINITION = StrategyDefinition.of("asyn2f",
            in -> new Asyn2fStrategy(in.integer("m", DEFAULT_M, 1, StrategyDefinition.MAX_UPDATES_PER_VERSION),
                    new Asyn2fMerge(in.decimal("beta", Asyn2fMerge.DEFAULT_BETA, 0, true, 1, true),
                            in.choice("alphaForm", Asyn2fMerge.AlphaForm.BETA_ON_LOSS))))
            .withQuota("m");

    private final int minUpdates;
    private final WorkerMerge workerMerge;

    /**
     * @param minUpdates  m, the number of workers with a pending update that triggers an aggregation
     * @param workerMerge the worker-side rule, normally {@link Asyn2fMerge}
     */
    public Asyn2fStrategy(int minUpdates, WorkerMerge workerMerge) {
        if (minUpdates < 1) {
            throw new IllegalArgumentException("m must be >= 1, was " + minUpdates);
        }
        this.minUpdates = minUpdates;
        this.workerMerge = workerMerge;
    }

    public Asyn2fStrategy(int minUpdates) {
        this(minUpdates, Asyn2fMerge.withDefaults());
    }

    @Override
    public String name() {
        return DEFINITION.name();
    }

    @Override
    public WorkerMerge workerMerge() {
        return workerMerge;
    }

    public int minUpdates() {
        return minUpdates;
    }

    @Override
    public Selection select(List<UpdateInfo> pending, AggregationContext context) {
        Selections.Split split = Selections.newestPerWorker(pending);
        List<UpdateInfo> newest = split.newest();
        boolean ready = newest.size() >= minUpdates || (context.maxWaitElapsed() && !newest.isEmpty());
        return ready ? new Selection(newest, split.superseded()) : Selection.notReady(split.superseded());
    }

    @Override
    public Accumulator start(GlobalModel current, List<UpdateInfo> updates) {
        return AggregationPlan.normalised(current, updates, Asyn2fStrategy::rawWeight).start(current);
    }

    /** The un-normalised ASYN2F weight of an update {@code staleness} versions old. */
    public static double rawWeight(UpdateInfo info, long staleness) {
        return info.quality() * info.samples() / (info.loss() + LOSS_EPSILON) / staleness;
    }
}
