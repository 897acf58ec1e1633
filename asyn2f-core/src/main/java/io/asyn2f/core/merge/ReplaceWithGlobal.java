package io.asyn2f.core.merge;

/** The worker drops its local progress and continues from the global model (FedAvg, M-Step KAFL, FedAsync, FedBuff). */
public final class ReplaceWithGlobal implements WorkerMerge {

    public static final ReplaceWithGlobal INSTANCE = new ReplaceWithGlobal();

    private ReplaceWithGlobal() {
    }

    @Override
    public String name() {
        return "replace";
    }

    @Override
    public void mergeInto(float[] previous, float[] current, GlobalSnapshot global, LocalState local, float[] out) {
        WorkerMerge.checkLengths(previous, current, global.parameters(), out);
        System.arraycopy(global.parameters(), 0, out, 0, out.length);
    }
}
