package io.asyn2f.aggregator.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.asyn2f.aggregator.storage.BoundedParameters;
import io.asyn2f.aggregator.update.VerifiedUpdateCache;

/** The bounds and keys of the in-memory data path: what is returned is exactly what was kept for that id. */
class DataPathCachesTests {

    @Test
    void shouldEvictTheLeastRecentlyUsedBeyondTheBound() {
        BoundedParameters<String, float[]> cache = new BoundedParameters<>(40, v -> v); // ten parameters
        cache.put("a", new float[4]);
        cache.put("b", new float[4]);
        cache.get("a"); // now b is the least recently used
        cache.put("c", new float[3]);

        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("a")).isNotNull();
        assertThat(cache.get("c")).isNotNull();
        assertThat(cache.bytes()).isEqualTo(28);
    }

    @Test
    void shouldKeepNothingThatAloneExceedsTheBound() {
        BoundedParameters<String, float[]> cache = new BoundedParameters<>(40, v -> v);
        cache.put("a", new float[4]);

        assertThat(cache.put("big", new float[11])).isFalse();
        assertThat(cache.get("big")).isNull();
        assertThat(cache.get("a")).isNotNull();
        assertThat(new BoundedParameters<String, float[]>(0, v -> v).put("x", new float[1])).isFalse();
    }

    @Test
    void shouldReturnAVerifiedUpdateOnlyForTheObjectAndHashItWasVerifiedAs() {
        VerifiedUpdateCache cache = new VerifiedUpdateCache(1 << 20, new SimpleMeterRegistry());
        float[] parameters = {1, 2, 3};
        cache.put("s", "u", "key", "sha", parameters);

        assertThat(cache.get("s", "u", "key", "sha")).isSameAs(parameters);
        assertThat(cache.get("s", "u", "key", "other-sha")).isNull();
        assertThat(cache.get("s", "u", "other-key", "sha")).isNull();
        assertThat(cache.get("other-session", "u", "key", "sha")).isNull();
        cache.remove("s", List.of("u"));
        assertThat(cache.get("s", "u", "key", "sha")).isNull();
        assertThat(cache.bytes()).isZero();
    }

    @Test
    void shouldSweepUpdatesOfClosedSessionsAndThoseConsumedElsewhere() {
        VerifiedUpdateCache cache = new VerifiedUpdateCache(1 << 20, new SimpleMeterRegistry());
        cache.put("open", "pending", "k1", "h1", new float[1]);
        cache.put("open", "used-by-another-replica", "k2", "h2", new float[1]);
        cache.put("stopped", "u", "k3", "h3", new float[1]);

        cache.sweep(Set.of("open"), ids -> ids.contains("used-by-another-replica")
                ? List.of("used-by-another-replica") : List.of());

        assertThat(cache.get("open", "pending", "k1", "h1")).isNotNull();
        assertThat(cache.get("open", "used-by-another-replica", "k2", "h2")).isNull();
        assertThat(cache.get("stopped", "u", "k3", "h3")).isNull();
    }

    @Test
    void shouldBypassTheCommittedModelOnceTheSessionIsAtAnotherVersionOrHash() {
        CommittedModelCache cache = new CommittedModelCache(1 << 20, new SimpleMeterRegistry());
        float[] parameters = {1, 2};
        cache.committed("s", 4, "sha4", parameters);

        assertThat(cache.get("s", 4, "sha4")).isSameAs(parameters);
        assertThat(cache.get("s", 5, "sha5")).as("another instance committed 5").isNull();
        assertThat(cache.get("s", 4, "other")).as("version 4 is not what this instance wrote").isNull();
        cache.retainSessions(Set.of());
        assertThat(cache.get("s", 4, "sha4")).isNull();
    }
}
