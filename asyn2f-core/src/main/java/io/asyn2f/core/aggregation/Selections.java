package io.asyn2f.core.aggregation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Selection helpers shared by the strategies. */
final class Selections {

    private static final Comparator<UpdateInfo> ARRIVAL = Comparator.comparingLong(UpdateInfo::sequence);

    private Selections() {
    }

    /** Pending updates in arrival order. */
    static List<UpdateInfo> inArrivalOrder(List<UpdateInfo> pending) {
        List<UpdateInfo> sorted = new ArrayList<>(pending);
        sorted.sort(ARRIVAL);
        return sorted;
    }

    /** The first {@code count} updates in arrival order, or not ready if fewer are pending. */
    static Selection firstArrived(List<UpdateInfo> pending, int count) {
        if (pending.size() < count) {
            return Selection.notReady();
        }
        return new Selection(inArrivalOrder(pending).subList(0, count), List.of());
    }

    /**
     * The first {@code count} updates in arrival order from distinct workers: one worker fills at most one place of a
     * buffer, its later updates wait for the next one. With fewer active trainers than places, as many updates as
     * there are active trainers (at least one) fill it, so a session that lost workers does not stall.
     */
    static Selection firstArrivedFromDistinctWorkers(List<UpdateInfo> pending, int count, AggregationContext context) {
        int needed = Math.min(count, Math.max(1, context.activeTrainers().size()));
        Map<String, UpdateInfo> first = new LinkedHashMap<>();
        for (UpdateInfo update : inArrivalOrder(pending)) {
            first.putIfAbsent(update.workerId(), update);
            if (first.size() == needed) {
                return new Selection(List.copyOf(first.values()), List.of());
            }
        }
        return Selection.notReady();
    }

    /**
     * Splits pending updates into the newest per worker (in arrival order) and the older ones they supersede.
     */
    static Split newestPerWorker(List<UpdateInfo> pending) {
        Map<String, UpdateInfo> newest = new LinkedHashMap<>();
        List<UpdateInfo> superseded = new ArrayList<>();
        for (UpdateInfo update : inArrivalOrder(pending)) {
            UpdateInfo older = newest.remove(update.workerId());
            if (older != null) {
                superseded.add(older);
            }
            newest.put(update.workerId(), update);
        }
        return new Split(inArrivalOrder(List.copyOf(newest.values())), superseded);
    }

    record Split(List<UpdateInfo> newest, List<UpdateInfo> superseded) {
    }

    /** Checks the inputs of {@link Strategy#aggregate} and returns the parameter count. */
    static int checkUpdates(GlobalModel current, List<LocalUpdate> updates) {
        if (updates.isEmpty()) {
            throw new IllegalArgumentException("at least one update is required to aggregate");
        }
        int length = current.parameters().length;
        for (LocalUpdate update : updates) {
            if (update.parameters().length != length) {
                throw new IllegalArgumentException("update " + update.info().updateId() + " has "
                        + update.parameters().length + " parameters, the global model has " + length);
            }
        }
        return length;
    }

    /** The parameter arrays of the updates, optionally preceded by the current global model. */
    static float[][] inputs(GlobalModel current, List<LocalUpdate> updates, boolean includeGlobal) {
        int offset = includeGlobal ? 1 : 0;
        float[][] inputs = new float[updates.size() + offset][];
        if (includeGlobal) {
            inputs[0] = current.parameters();
        }
        for (int k = 0; k < updates.size(); k++) {
            inputs[k + offset] = updates.get(k).parameters();
        }
        return inputs;
    }

    static double[] prepend(double first, double[] rest) {
        double[] all = new double[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
