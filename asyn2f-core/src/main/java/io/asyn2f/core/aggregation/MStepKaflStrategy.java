package io.asyn2f.core.aggregation;

import java.util.List;

/**
 * M-Step KAFL (Wu et al. 2023): aggregates exactly {@code m} updates in arrival order (one per worker) and keeps part of the previous
 * global model: {@code W(v+1) = g * W(v) + (1-g) * sum_k n_k / sum(n) * W_k}, with {@code g = 0.2} by default.
 */
public final class MStepKaflStrategy implements Strategy {

    public static final double DEFAULT_GLOBAL_WEIGHT = 0.2;
    /** m of a session that names none. */
    public static final int DEFAULT_M = 3;

    /**
     * The registry entry of {@code kafl}: {@code m} updates per version (1 to 10,000, default 3) and
     * {@code globalWeight}, the previous global model's share, in [0, 1) (default 0.2).
     */
    public static final StrategyDefinition DEFINITION = StrategyDefinition.of("kafl",
            in -> new MStepKaflStrategy(in.integer("m", DEFAULT_M, 1, StrategyDefinition.MAX_UPDATES_PER_VERSION),
                    in.decimal("globalWeight", DEFAULT_GLOBAL_WEIGHT, 0, true, 1, false)))
            .withQuota("m");

    private final int m;
    private final double globalWeight;

    public MStepKaflStrategy(int m, double globalWeight) {
        if (m < 1) {
            throw new IllegalArgumentException("m must be >= 1, was " + m);
        }
        if (!(globalWeight >= 0 && globalWeight < 1)) {
            throw new IllegalArgumentException("globalWeight must be in [0, 1), was " + globalWeight);
        }
        this.m = m;
        this.globalWeight = globalWeight;
    }

    public MStepKaflStrategy(int m) {
        this(m, DEFAULT_GLOBAL_WEIGHT);
    }

    @Override
    public String name() {
        return DEFINITION.name();
    }

    @Override
    public Selection select(List<UpdateInfo> pending, AggregationContext context) {
        return Selections.firstArrivedFromDistinctWorkers(pending, m, context);
    }

    @Override
    public Accumulator start(GlobalModel current, List<UpdateInfo> updates) {
        AggregationPlan byUpdates = AggregationPlan.normalised(current, updates, (info, age) -> info.samples());
        double[] weights = byUpdates.weights();
        for (int k = 0; k < weights.length; k++) {
            weights[k] *= 1 - globalWeight;
        }
        return AggregationPlan.withGlobal(globalWeight, byUpdates.version(), updates, weights, byUpdates.staleness())
                .start(current);
    }
}
