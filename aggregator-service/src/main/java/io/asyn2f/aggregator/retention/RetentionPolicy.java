package io.asyn2f.aggregator.retention;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.asyn2f.aggregator.update.RecordedUpdate;

/**
 * Which blobs retention may delete, decided from what PostgreSQL records alone (pure, so it is tested without a
 * store). Global versions: all but the newest K and the pinned ones. Updates: those that can no longer reach a
 * version (used, discarded or rejected), unless a pending update names the same object.
 */
final class RetentionPolicy {

    private RetentionPolicy() {
    }

    /** What retention needs to know about a global version. */
    record StoredVersion(long version, boolean pinned, boolean blobStored) {
    }

    /** What retention needs to know about a recorded update. */
    record StoredUpdate(long id, String objectKey, RecordedUpdate.Status status, boolean objectStored) {
    }

    /**
     * The versions whose blob may be deleted, oldest first: every stored, unpinned version below the newest
     * {@code keep} (counted over all rows, so a version whose blob is already gone still counts as one of the newest).
     * The newest version is always kept, since {@code keep} is at least 1.
     */
    static List<Long> deletableVersions(List<StoredVersion> versions, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, got " + keep);
        }
        return versions.stream()
                .sorted(Comparator.comparingLong(StoredVersion::version).reversed())
                .skip(keep)
                .filter(v -> !v.pinned() && v.blobStored())
                .map(StoredVersion::version)
                .sorted()
                .toList();
    }

    /**
     * The update objects that may be deleted, by object key, each with the ids of the updates it belongs to (a worker
     * may have announced one object twice). A key that a pending update names (in {@code pendingKeys} or in
     * {@code updates}) stays until that one is consumed: the aggregation will read it.
     */
    static Map<String, List<Long>> deletableUpdates(List<StoredUpdate> updates, Set<String> pendingKeys) {
        Set<String> needed = new HashSet<>(pendingKeys);
        updates.stream().filter(u -> u.status() == RecordedUpdate.Status.PENDING)
                .forEach(u -> needed.add(u.objectKey()));
        Map<String, List<Long>> byKey = new LinkedHashMap<>();
        updates.stream()
                .filter(u -> u.status() != RecordedUpdate.Status.PENDING && u.objectStored())
                .filter(u -> !needed.contains(u.objectKey()))
                .sorted(Comparator.comparingLong(StoredUpdate::id))
                .forEach(u -> byKey.computeIfAbsent(u.objectKey(), key -> new ArrayList<>()).add(u.id()));
        byKey.replaceAll((key, ids) -> List.copyOf(ids));
        return byKey;
    }
}
