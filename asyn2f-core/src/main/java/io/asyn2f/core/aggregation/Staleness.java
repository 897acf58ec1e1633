package io.asyn2f.core.aggregation;

/** Staleness as the strategies count it. */
final class Staleness {

    private Staleness() {
    }

    /**
     * Versions between the update's base and {@code version} ({@code version - v_k}). ASYN2F passes the version
     * being built ({@code v+1}), so its staleness is at least 1; FedAsync and FedBuff pass the current version, so a
     * fresh update has staleness 0.
     */
    static long sinceBase(long version, UpdateInfo info) {
        if (info.baseVersion() > version) {
            throw new IllegalArgumentException("update " + info.updateId() + " claims base version "
                    + info.baseVersion() + ", newer than " + version);
        }
        return version - info.baseVersion();
    }
}
