package io.asyn2f.core.merge;

/**
 * Worker-side bookkeeping for strategies whose workers send deltas (FedBuff): remembers the global model the
 * worker last started from and computes {@code local - base} for the next update.
 */
public final class DeltaTracker {

    private float[] base;
    private long baseVersion;

    public DeltaTracker(long baseVersion, float[] base) {
        rebase(baseVersion, base);
    }

    /** The worker adopted global version {@code version}; later deltas are relative to it. */
    public synchronized void rebase(long version, float[] parameters) {
        this.base = parameters.clone();
        this.baseVersion = version;
    }

    public synchronized long baseVersion() {
        return baseVersion;
    }

    /** {@code local - base}, the parameters of the next FedBuff update. */
    public synchronized float[] delta(float[] local) {
        if (local.length != base.length) {
            throw new IllegalArgumentException("local has " + local.length + " parameters, base has " + base.length);
        }
        float[] delta = new float[local.length];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = local[i] - base[i];
        }
        return delta;
    }
}
