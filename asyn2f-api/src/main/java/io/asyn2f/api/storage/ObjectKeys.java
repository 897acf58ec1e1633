package io.asyn2f.api.storage;

import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.asyn2f.api.event.Ids;

/**
 * The layout of the bucket, in one place:
 * <pre>
 * sessions/{sessionId}/global/{version}.a2fm                         global models (written by the aggregator)
 * sessions/{sessionId}/workers/{workerId}/updates/{uuid}.a2fm        a worker's local models (written by the worker)
 * </pre>
 * Session and worker ids are safe ids ({@code [A-Za-z0-9_-]{1,64}}), so one can never spell a path into another's
 * prefix. The gateway signs URLs by it, the aggregator reads and writes by it, and the worker never builds a key: it
 * uploads where the gateway's URL says.
 */
public final class ObjectKeys {

    public static final String BLOB_SUFFIX = ".a2fm";

    /** Keys a caller may name: plain segments, no {@code ..}, no empty segment, no leading slash. */
    private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
    private static final int MAX_KEY_LENGTH = 512;

    private ObjectKeys() {
    }

    public static String sessionPrefix(String sessionId) {
        return "sessions/" + Ids.requireSafeId(sessionId, "sessionId") + "/";
    }

    public static String workerPrefix(String sessionId, String workerId) {
        return sessionPrefix(sessionId) + "workers/" + Ids.requireSafeId(workerId, "workerId") + "/";
    }

    public static String globalPrefix(String sessionId) {
        return sessionPrefix(sessionId) + "global/";
    }

    /** A new, unguessable key for a worker's update. */
    public static String newUpdate(String sessionId, String workerId) {
        return workerPrefix(sessionId, workerId) + "updates/" + UUID.randomUUID() + BLOB_SUFFIX;
    }

    public static String globalModel(String sessionId, long version) {
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, was " + version);
        }
        return globalPrefix(sessionId) + version + BLOB_SUFFIX;
    }

    /** The version a global model key names, if {@code key} is one of {@code sessionId}'s global models. */
    public static OptionalLong globalVersionOf(String sessionId, String key) {
        Matcher matcher = Pattern.compile(Pattern.quote(globalPrefix(sessionId)) + "(0|[1-9][0-9]{0,17})"
                + Pattern.quote(BLOB_SUFFIX)).matcher(key);
        return matcher.matches() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }

    /** Whether {@code key} is well formed and lies strictly under the worker's own prefix in that session. */
    public static boolean isUnderWorkerPrefix(String key, String sessionId, String workerId) {
        String prefix = workerPrefix(sessionId, workerId);
        return isWellFormed(key) && key.startsWith(prefix) && key.length() > prefix.length();
    }

    /** Whether a caller-supplied key is well formed (it may still lie outside what the caller may read). */
    public static boolean isWellFormed(String key) {
        return key != null && key.length() <= MAX_KEY_LENGTH && SAFE_KEY.matcher(key).matches()
                && !key.contains("..");
    }
}
