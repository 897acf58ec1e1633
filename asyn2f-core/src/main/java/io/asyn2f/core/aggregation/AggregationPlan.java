package io.asyn2f.core.aggregation;

import java.util.List;

/**
 * A version {@code c_G G + sum_k c_k W_k} planned from the updates' metadata alone: the coefficients {@code c_k} are
 * the participants' weights, {@code c_G} the global model's share if the strategy mixes it in (KAFL, FedAsync,
 * FedBuff). Every strategy but FedAvgM builds its versions this way; {@link #start} streams the parameters into it.
 *
 * @param globalWeight the global model's coefficient, or NaN when it is not a term of the sum (ASYN2F, FedAvg)
 */
record AggregationPlan(long version, List<UpdateInfo> updates, double[] weights, long[] staleness,
        double globalWeight) {

    AggregationPlan {
        updates = List.copyOf(updates);
        if (weights.length != updates.size() || staleness.length != updates.size()) {
            throw new IllegalArgumentException("need one weight and one staleness per update");
        }
    }

    /** An update's weight before normalising, from its metadata and its staleness against the next version. */
    @FunctionalInterface
    interface RawWeight {
        double of(UpdateInfo info, long staleness);
    }

    /**
     * The plan of the version after {@code current} from {@code updates} (checked) weighted {@code raw}, normalised
     * to sum to one (equal weights where they sum to nothing), as the weighted sum of the updates alone.
     */
    static AggregationPlan normalised(GlobalModel current, List<UpdateInfo> updates, RawWeight raw) {
        Selections.checkInfos(updates);
        long next = current.version() + 1;
        double[] weights = new double[updates.size()];
        long[] staleness = new long[updates.size()];
        for (int k = 0; k < weights.length; k++) {
            UpdateInfo info = updates.get(k);
            staleness[k] = Staleness.sinceBase(next, info);
            weights[k] = raw.of(info, staleness[k]);
        }
        Weights.normaliseOrEqual(weights);
        return ofUpdates(next, updates, weights, staleness);
    }

    /** A version that is the weighted sum of its updates alone. */
    static AggregationPlan ofUpdates(long version, List<UpdateInfo> updates, double[] weights, long[] staleness) {
        return new AggregationPlan(version, updates, weights, staleness, Double.NaN);
    }

    /** A version that also keeps {@code globalWeight} of the current global model. */
    static AggregationPlan withGlobal(double globalWeight, long version, List<UpdateInfo> updates, double[] weights,
            long[] staleness) {
        if (Double.isNaN(globalWeight)) {
            throw new IllegalArgumentException("globalWeight is NaN");
        }
        return new AggregationPlan(version, updates, weights, staleness, globalWeight);
    }

    /** Starts the running sum: the global model's term first (it comes first in the kernel's order), then the updates. */
    Accumulator start(GlobalModel current) {
        RunningSum sum = new RunningSum(current.parameters().length);
        if (!Double.isNaN(globalWeight)) {
            sum.add(current.parameters(), globalWeight);
        }
        return new Accumulator() {
            private int added;

            @Override
            public void add(float[] parameters) {
                if (added == updates.size()) {
                    throw new IllegalStateException("all " + updates.size() + " updates were added already");
                }
                Selections.checkLength(current, updates.get(added), parameters);
                sum.add(parameters, weights[added]);
                added++;
            }

            @Override
            public AggregationResult result() {
                if (added != updates.size()) {
                    throw new IllegalStateException(added + " of " + updates.size() + " updates were added");
                }
                return AggregationResult.of(version, sum.sum(), updates, weights, staleness);
            }
        };
    }
}
