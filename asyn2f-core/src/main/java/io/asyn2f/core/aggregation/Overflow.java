package io.asyn2f.core.aggregation;

import java.util.List;

import io.asyn2f.api.event.UpdateKind;

/**
 * Finding the update behind a version that is not finite. Each update is finite (intake checks it), but a sum of
 * large ones can overflow; the aggregator then drops the update furthest from the global model at the first
 * non-finite parameter and tries again. Rare, so the culprit is found by a second streaming pass over the inputs
 * rather than by keeping them.
 */
public final class Overflow {

    private Overflow() {
    }

    /** The index of the first parameter that is infinite or NaN, or -1. */
    public static int firstNonFinite(float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The update whose parameter {@code index} is furthest from the global model's there (from 0 for deltas), the
     * first of equals; {@code source} is asked for each update once, in order.
     */
    public static UpdateInfo culprit(GlobalModel current, UpdateKind kind, List<UpdateInfo> updates,
            UpdateSource source, int index) {
        Selections.checkInfos(updates);
        double reference = kind == UpdateKind.DELTA ? 0 : current.parameters()[index];
        UpdateInfo furthest = null;
        double furthestDistance = 0;
        for (int k = 0; k < updates.size(); k++) {
            double distance = Math.abs(source.parameters(k, updates.get(k))[index] - reference);
            if (furthest == null || distance > furthestDistance) {
                furthest = updates.get(k);
                furthestDistance = distance;
            }
        }
        return furthest;
    }
}
