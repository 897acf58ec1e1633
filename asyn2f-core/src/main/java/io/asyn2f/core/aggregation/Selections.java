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
        for (LocalUpdate update : updates) {
            checkLength(current, update.info(), update.parameters());
        }
        return current.parameters().length;
    }

    /** Checks the updates given to {@link Strategy#start}. */
    static void checkInfos(List<UpdateInfo> updates) {
        if (updates.isEmpty()) {
            throw new IllegalArgumentException("at least one update is required to aggregate");
        }
    }

    /** Checks that an update's parameters are as many as the global model's. */
    static void checkLength(GlobalModel current, UpdateInfo update, float[] parameters) {
        int length = current.parameters().length;
        if (parameters.length != length) {
            throw new IllegalArgumentException("update " + update.updateId() + " has " + parameters.length
                    + " parameters, the global model has " + length);
        }
    }
}
