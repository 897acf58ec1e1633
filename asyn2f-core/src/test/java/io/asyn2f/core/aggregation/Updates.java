package io.asyn2f.core.aggregation;

/** Builders for test updates. */
final class Updates {

    private Updates() {
    }

    static UpdateInfo info(String worker, long baseVersion, long samples, double quality, double loss, long sequence) {
        return new UpdateInfo("u-" + worker + "-" + sequence, worker, baseVersion, samples, quality, loss, sequence);
    }

    static UpdateInfo info(String worker, long baseVersion, long sequence) {
        return info(worker, baseVersion, 100, 1.0, 0.5, sequence);
    }

    static LocalUpdate update(UpdateInfo info, float... parameters) {
        return new LocalUpdate(info, parameters);
    }
}
