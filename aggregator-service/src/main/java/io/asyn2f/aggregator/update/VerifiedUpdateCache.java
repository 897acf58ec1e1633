package io.asyn2f.aggregator.update;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.asyn2f.aggregator.config.AggregatorProperties;
import io.asyn2f.aggregator.metrics.AggregatorMetrics;
import io.asyn2f.aggregator.storage.BoundedParameters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The parameters of updates as intake verified them, kept until the aggregation that uses them, so an update's
 * object is read from the store once, not twice. Bounded by {@code asyn2f.aggregator.update-cache.max-bytes}
 * (least recently used evicted). Only a hint: an update that is not here (evicted, taken in by another replica,
 * this instance restarted) is read from the store and verified again, as before.
 *
 * <p>An entry is returned only for the object key and sha-256 recorded with the update, and it holds exactly the
 * vector whose every byte intake hashed to that sha-256, so a hit aggregates what was verified. Entries go when
 * their update is used, discarded or rejected, and when their session is no longer open.
 */
@Component
public class VerifiedUpdateCache {

    private record Key(String sessionId, String updateId) {
    }

    private record Entry(String objectKey, String sha256, float[] parameters) {
    }

    private final BoundedParameters<Key, Entry> entries;
    private final Counter hits;
    private final Counter misses;

    @Autowired
    public VerifiedUpdateCache(AggregatorProperties properties, MeterRegistry registry) {
        this(properties.updateCache().maxBytes(), registry);
    }

    public VerifiedUpdateCache(long maxBytes, MeterRegistry registry) {
        this.entries = new BoundedParameters<>(maxBytes, Entry::parameters);
        Gauge.builder(AggregatorMetrics.PREFIX + "update.cache.bytes", entries, BoundedParameters::bytes)
                .description("bytes of verified updates kept in memory for their aggregation").register(registry);
        String lookups = AggregatorMetrics.PREFIX + "update.cache.lookups";
        this.hits = Counter.builder(lookups).tag("result", "hit").register(registry);
        this.misses = Counter.builder(lookups).tag("result", "miss").register(registry);
    }

    /** Keeps the verified parameters of an update (nothing if they alone exceed the bound). */
    public void put(String sessionId, String updateId, String objectKey, String sha256, float[] parameters) {
        entries.put(new Key(sessionId, updateId), new Entry(objectKey, sha256, parameters));
    }

    /** The verified parameters of the update recorded with this object key and sha-256, or null. */
    public float[] get(String sessionId, String updateId, String objectKey, String sha256) {
        Entry entry = entries.get(new Key(sessionId, updateId));
        if (entry == null || !entry.objectKey().equals(objectKey) || !entry.sha256().equals(sha256)) {
            misses.increment();
            return null;
        }
        hits.increment();
        return entry.parameters();
    }

    public void remove(String sessionId, Collection<String> updateIds) {
        updateIds.forEach(id -> entries.remove(new Key(sessionId, id)));
    }

    /**
     * Drops the entries of sessions not in {@code openSessions} and of updates {@code consumed} names (it is given
     * the cached update ids and answers those no longer pending, e.g. used by another replica's version).
     */
    public void sweep(Set<String> openSessions, Function<Collection<String>, Collection<String>> consumed) {
        if (entries.isEmpty()) {
            return;
        }
        entries.removeIf((key, entry) -> !openSessions.contains(key.sessionId()));
        Set<String> ids = new HashSet<>();
        entries.keys().forEach(key -> ids.add(key.updateId()));
        if (ids.isEmpty()) {
            return;
        }
        Set<String> gone = new HashSet<>(consumed.apply(ids));
        entries.removeIf((key, entry) -> gone.contains(key.updateId()));
    }

    public long bytes() {
        return entries.bytes();
    }
}
