package io.asyn2f.core.aggregation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Federated averaging in synchronous rounds (McMahan et al. 2017). A round is the current version: it completes
 * when every active trainer has sent an update trained from it (or, after the max-wait, with those that have).
 * {@code W(v+1) = sum_k n_k / N * W_k}. Updates from an earlier round are discarded; workers replace their model
 * with each new global model.
 */
public final class FedAvgStrategy implements Strategy {

    /** The registry entry of {@code fedavg}, which takes no parameters. */
    public static final StrategyDefinition DEFINITION = StrategyDefinition.of("fedavg", in -> new FedAvgStrategy());

    @Override
    public String name() {
        return DEFINITION.name();
    }

    @Override
    public Selection select(List<UpdateInfo> pending, AggregationContext context) {
        List<UpdateInfo> fromThisRound = new ArrayList<>();
        List<UpdateInfo> discard = new ArrayList<>();
        for (UpdateInfo update : pending) {
            (update.baseVersion() == context.currentVersion() ? fromThisRound : discard).add(update);
        }
        Selections.Split split = Selections.newestPerWorker(fromThisRound);
        discard.addAll(split.superseded());
        Set<String> reported = new HashSet<>();
        split.newest().forEach(update -> reported.add(update.workerId()));
        boolean everyoneReported = !context.activeTrainers().isEmpty()
                && reported.containsAll(context.activeTrainers());
        boolean ready = everyoneReported || (context.maxWaitElapsed() && !reported.isEmpty());
        return ready ? new Selection(split.newest(), discard) : Selection.notReady(discard);
    }

    @Override
    public Accumulator start(GlobalModel current, List<UpdateInfo> updates) {
        return AggregationPlan.normalised(current, updates, (info, age) -> info.samples()).start(current);
    }
}
