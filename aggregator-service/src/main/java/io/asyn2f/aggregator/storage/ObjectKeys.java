package io.asyn2f.aggregator.storage;

/** Where things live in the bucket. Workers write only under their own prefix; global models are ours. */
public final class ObjectKeys {

    private ObjectKeys() {
    }

    public static String globalModel(String sessionId, long version) {
        return "sessions/" + sessionId + "/global/" + version + ".a2fm";
    }

    public static String workerPrefix(String sessionId, String workerId) {
        return "sessions/" + sessionId + "/workers/" + workerId + "/";
    }

    /** True if {@code key} lies under the worker's own prefix (no path tricks). */
    public static boolean isUnderWorkerPrefix(String key, String sessionId, String workerId) {
        String prefix = workerPrefix(sessionId, workerId);
        return key.startsWith(prefix) && key.length() > prefix.length() && !key.contains("..")
                && !key.contains("//") && !key.contains("\\");
    }
}
