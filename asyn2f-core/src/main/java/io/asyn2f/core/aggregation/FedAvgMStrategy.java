package io.asyn2f.core.aggregation;

import java.util.Arrays;
import java.util.List;

/**
 * FedAvgM, federated averaging with server momentum (Hsu, Qi and Brown 2019). Rounds are FedAvg's (a round completes
 * when every active trainer sent an update from the current version, or after the max-wait with those that did;
 * see {@link FedAvgStrategy}); the server turns the round's sample-weighted mean change into a step with momentum:
 *
 * <pre>
 * delta  = sum_k n_k / N * (W_k - W(v))
 * v_t    = momentum * v_(t-1) + delta              (v_0 = 0)
 * W(v+1) = W(v) + serverLearningRate * v_t
 * </pre>
 *
 * With {@code momentum = 0} and {@code serverLearningRate = 1} it is FedAvg.
 *
 * <p>The velocity is the one piece of server state a strategy keeps between versions, and it lives only in this
 * object: each session builds its own (the aggregator caches one per session), so nothing is shared between
 * sessions. It is not persisted: after an aggregator restart, or when another replica takes the session over, it
 * starts again at zero (the next version is a plain FedAvg step, then momentum builds up again). It is used only for
 * the global model it was built for: the velocity is kept with the version and a fingerprint of the parameters it
 * produced, so a version built elsewhere, or an aggregation repeated from the same version after a failed commit,
 * never sees a velocity that does not belong to it. The participants' weights are {@code serverLearningRate * n_k / N},
 * the coefficients of their models; a robust rule ({@link BoundedStrategy}) rebuilds a version from those weights and
 * the global model alone, so a session with one gets no momentum (each version is a robust FedAvg step).
 */
public final class FedAvgMStrategy implements Strategy {

    public static final double DEFAULT_MOMENTUM = 0.9;
    public static final double DEFAULT_SERVER_LEARNING_RATE = 1.0;

    /**
     * The registry entry of {@code fedavgm}: {@code momentum} in [0, 1) (default 0.9) and {@code serverLearningRate}
     * in (0, 10] (default 1.0).
     */
    public static final StrategyDefinition DEFINITION = StrategyDefinition.of("fedavgm",
            in -> new FedAvgMStrategy(in.decimal("momentum", DEFAULT_MOMENTUM, 0, true, 1, false),
                    in.decimal("serverLearningRate", DEFAULT_SERVER_LEARNING_RATE, 0, false, 10, true)));

    private final FedAvgStrategy rounds = new FedAvgStrategy();
    private final double momentum;
    private final double serverLearningRate;
    /** The velocities behind the last two versions this object built: the newest, and the one a retry rebuilds. */
    private final Velocity[] built = new Velocity[2];

    /** The velocity that produced a version, with the fingerprint of that version's parameters. */
    private record Velocity(long version, int fingerprint, float[] values) {
    }

    public FedAvgMStrategy(double momentum, double serverLearningRate) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), was " + momentum);
        }
        if (!(serverLearningRate > 0) || !Double.isFinite(serverLearningRate)) {
            throw new IllegalArgumentException("serverLearningRate must be > 0, was " + serverLearningRate);
        }
        this.momentum = momentum;
        this.serverLearningRate = serverLearningRate;
    }

    @Override
    public String name() {
        return DEFINITION.name();
    }

    @Override
    public Selection select(List<UpdateInfo> pending, AggregationContext context) {
        return rounds.select(pending, context);
    }

    /**
     * Streams the round's updates into the sample-weighted mean change, accumulated in double; the velocity and the
     * new parameters are computed from it once every update is in. Holds the delta (doubles), the velocity and the
     * parameters, never an update.
     */
    @Override
    public Accumulator start(GlobalModel current, List<UpdateInfo> updates) {
        AggregationPlan plan = AggregationPlan.normalised(current, updates, (info, age) -> info.samples());
        long next = plan.version();
        double[] weights = plan.weights();
        long[] staleness = plan.staleness();
        List<UpdateInfo> participants = List.copyOf(updates);
        float[] global = current.parameters();
        float[] previous = velocityFor(current);
        return new Accumulator() {
            private final double[] delta = new double[global.length];
            private int added;

            @Override
            public void add(float[] local) {
                if (added == participants.size()) {
                    throw new IllegalStateException("all " + participants.size() + " updates were added already");
                }
                Selections.checkLength(current, participants.get(added), local);
                double weight = weights[added];
                for (int i = 0; i < delta.length; i++) {
                    delta[i] += weight * ((double) local[i] - global[i]);
                }
                added++;
            }

            @Override
            public AggregationResult result() {
                if (added != participants.size()) {
                    throw new IllegalStateException(added + " of " + participants.size() + " updates were added");
                }
                float[] velocity = new float[global.length];
                float[] parameters = new float[global.length];
                for (int i = 0; i < global.length; i++) {
                    double v = (previous == null ? 0 : momentum * previous[i]) + delta[i];
                    velocity[i] = (float) v;
                    parameters[i] = (float) (global[i] + serverLearningRate * v);
                }
                remember(new Velocity(next, Arrays.hashCode(parameters), velocity));
                double[] reported = new double[weights.length];
                for (int k = 0; k < weights.length; k++) {
                    reported[k] = serverLearningRate * weights[k];
                }
                return AggregationResult.of(next, parameters, participants, reported, staleness);
            }
        };
    }

    /** The velocity that built {@code current}, if this object built it; null (zero) otherwise. */
    private synchronized float[] velocityFor(GlobalModel current) {
        for (Velocity v : built) {
            if (v != null && v.version() == current.version()
                    && v.fingerprint() == Arrays.hashCode(current.parameters())) {
                return v.values();
            }
        }
        return null;
    }

    private synchronized void remember(Velocity velocity) {
        if (built[0] != null && built[0].version() == velocity.version() - 1) {
            built[1] = built[0];
        } else if (built[0] == null || built[0].version() != velocity.version()) {
            built[1] = null;
        }
        built[0] = velocity;
    }
}
