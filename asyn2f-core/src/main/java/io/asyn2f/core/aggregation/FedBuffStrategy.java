package io.asyn2f.core.aggregation;

import java.util.List;

import io.asyn2f.api.event.UpdateKind;

/**
 * FedBuff (Nguyen et al. 2022): workers send deltas {@code Δ_k = W_local - W(v_k)}; once {@code K} are buffered the
 * server applies their staleness-weighted mean with a server learning rate {@code η}:
 * {@code W(v+1) = W(v) + η / K * sum_k Δ_k / sqrt(1 + (v - v_k))}. A buffer holds at most one delta per worker.
 */
public final class FedBuffStrategy implements Strategy {

    public static final double DEFAULT_SERVER_LEARNING_RATE = 1.0;
    /** K of a session that names none. */
    public static final int DEFAULT_BUFFER_SIZE = 3;

    /**
     * The registry entry of {@code fedbuff}: {@code bufferSize} K (1 to 10,000, default 3) and
     * {@code serverLearningRate} eta in (0, 10] (default 1.0).
     */
    public static final StrategyDefinition DEFINITION = StrategyDefinition.of("fedbuff",
            in -> new FedBuffStrategy(
                    in.integer("bufferSize", DEFAULT_BUFFER_SIZE, 1, StrategyDefinition.MAX_UPDATES_PER_VERSION),
                    in.decimal("serverLearningRate", DEFAULT_SERVER_LEARNING_RATE, 0, false, 10, true)))
            .withQuota("bufferSize");

    private final int bufferSize;
    private final double serverLearningRate;

    public FedBuffStrategy(int bufferSize, double serverLearningRate) {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("K must be >= 1, was " + bufferSize);
        }
        if (!(serverLearningRate > 0) || !Double.isFinite(serverLearningRate)) {
            throw new IllegalArgumentException("serverLearningRate must be > 0, was " + serverLearningRate);
        }
        this.bufferSize = bufferSize;
        this.serverLearningRate = serverLearningRate;
    }

    @Override
    public String name() {
        return DEFINITION.name();
    }

    @Override
    public UpdateKind updateKind() {
        return UpdateKind.DELTA;
    }

    @Override
    public Selection select(List<UpdateInfo> pending, AggregationContext context) {
        return Selections.firstArrivedFromDistinctWorkers(pending, bufferSize, context);
    }

    /** The staleness weight {@code 1 / sqrt(1 + t)}. */
    public static double stalenessWeight(long staleness) {
        return 1 / Math.sqrt(1 + staleness);
    }

    @Override
    public Accumulator start(GlobalModel current, List<UpdateInfo> updates) {
        Selections.checkInfos(updates);
        double[] weights = new double[updates.size()];
        long[] staleness = new long[updates.size()];
        for (int k = 0; k < weights.length; k++) {
            staleness[k] = Staleness.sinceBase(current.version(), updates.get(k));
            weights[k] = serverLearningRate * stalenessWeight(staleness[k]) / updates.size();
        }
        return AggregationPlan.withGlobal(1.0, current.version() + 1, updates, weights, staleness).start(current);
    }
}
