package io.asyn2f.aggregator.aggregation;

import java.util.Set;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.asyn2f.aggregator.config.AggregatorProperties;
import io.asyn2f.aggregator.metrics.AggregatorMetrics;
import io.asyn2f.aggregator.storage.BoundedParameters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Per session, the global model this instance committed last, so the next aggregation need not read back what it
 * has just written. Bounded by {@code asyn2f.aggregator.global-cache.max-bytes} (least recently used sessions
 * evicted). Used only when its version is the session's current one and its sha-256 is the one committed for that
 * version; otherwise (another replica committed since, a restart) the global model is read from the store.
 */
@Component
class CommittedModelCache {

    private record Entry(long version, String sha256, float[] parameters) {
    }

    private final BoundedParameters<String, Entry> entries;
    private final Counter hits;
    private final Counter misses;

    @Autowired
    CommittedModelCache(AggregatorProperties properties, MeterRegistry registry) {
        this(properties.globalCache().maxBytes(), registry);
    }

    CommittedModelCache(long maxBytes, MeterRegistry registry) {
        this.entries = new BoundedParameters<>(maxBytes, Entry::parameters);
        String lookups = AggregatorMetrics.PREFIX + "global.cache.lookups";
        this.hits = Counter.builder(lookups).tag("result", "hit").register(registry);
        this.misses = Counter.builder(lookups).tag("result", "miss").register(registry);
    }

    void committed(String sessionId, long version, String sha256, float[] parameters) {
        entries.put(sessionId, new Entry(version, sha256, parameters));
    }

    /** The parameters of {@code version} if this instance committed it with this sha-256 and kept them, or null. */
    float[] get(String sessionId, long version, String sha256) {
        Entry entry = entries.get(sessionId);
        if (entry == null || entry.version() != version || !entry.sha256().equals(sha256)) {
            misses.increment();
            return null;
        }
        hits.increment();
        return entry.parameters();
    }

    void retainSessions(Set<String> openSessions) {
        entries.removeIf((sessionId, entry) -> !openSessions.contains(sessionId));
    }
}
