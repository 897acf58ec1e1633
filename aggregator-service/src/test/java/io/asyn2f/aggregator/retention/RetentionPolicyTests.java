package io.asyn2f.aggregator.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.asyn2f.aggregator.retention.RetentionPolicy.StoredUpdate;
import io.asyn2f.aggregator.retention.RetentionPolicy.StoredVersion;
import io.asyn2f.aggregator.update.RecordedUpdate.Status;

class RetentionPolicyTests {

    @Test
    void shouldDeleteEveryVersionBelowTheNewestKIncludingVersionZero() {
        assertThat(RetentionPolicy.deletableVersions(stored(0, 5), 2)).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void shouldKeepPinnedVersionsInAdditionToTheNewestK() {
        List<StoredVersion> versions = List.of(version(0, false), version(1, true), version(2, false),
                version(3, true), version(4, false), version(5, false));
        // the pinned version 3 does not count towards K: 4 and 5 are the newest two
        assertThat(RetentionPolicy.deletableVersions(versions, 2)).containsExactly(0L, 2L);
    }

    @Test
    void shouldNeverDeleteTheNewestVersion() {
        assertThat(RetentionPolicy.deletableVersions(stored(0, 0), 1)).isEmpty();
        assertThat(RetentionPolicy.deletableVersions(stored(0, 7), 1)).doesNotContain(7L).hasSize(7);
    }

    @Test
    void shouldKeepEverythingWhileThereAreAtMostKVersions() {
        assertThat(RetentionPolicy.deletableVersions(stored(0, 4), 5)).isEmpty();
    }

    @Test
    void shouldNotDeleteABlobTwiceButCountItsVersionAmongTheNewest() {
        // K was 1 when 0..3 were swept, now it is 3: 2 and 3 are among the newest three although already gone
        List<StoredVersion> versions = List.of(new StoredVersion(0, false, false), new StoredVersion(1, false, false),
                new StoredVersion(2, false, false), new StoredVersion(3, false, false), version(4, false),
                version(5, false));
        assertThat(RetentionPolicy.deletableVersions(versions, 3)).isEmpty();
        assertThat(RetentionPolicy.deletableVersions(versions, 1)).containsExactly(4L);
    }

    @Test
    void shouldNotDependOnTheOrderOfTheRows() {
        List<StoredVersion> shuffled = List.of(version(3, false), version(0, false), version(5, false),
                version(1, false), version(4, false), version(2, false));
        assertThat(RetentionPolicy.deletableVersions(shuffled, 3)).containsExactly(0L, 1L, 2L);
    }

    @Test
    void shouldRefuseToKeepFewerThanOneVersion() {
        assertThatThrownBy(() -> RetentionPolicy.deletableVersions(stored(0, 3), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDeleteTheObjectsOfUsedDiscardedAndRejectedUpdatesButNeverPendingOnes() {
        List<StoredUpdate> updates = List.of(update(1, "k1", Status.USED), update(2, "k2", Status.DISCARDED),
                update(3, "k3", Status.REJECTED), update(4, "k4", Status.PENDING));
        assertThat(RetentionPolicy.deletableUpdates(updates, Set.of()))
                .isEqualTo(Map.of("k1", List.of(1L), "k2", List.of(2L), "k3", List.of(3L)));
    }

    @Test
    void shouldKeepAnObjectThatAPendingUpdateAlsoNames() {
        List<StoredUpdate> updates = List.of(update(1, "shared", Status.USED), update(2, "own", Status.USED),
                update(3, "shared-in-list", Status.DISCARDED), update(4, "shared-in-list", Status.PENDING));
        assertThat(RetentionPolicy.deletableUpdates(updates, Set.of("shared"))).containsOnlyKeys("own");
    }

    @Test
    void shouldDeleteAnObjectNamedByTwoConsumedUpdatesOnceAndMarkBoth() {
        List<StoredUpdate> updates = List.of(update(7, "twice", Status.USED), update(3, "twice", Status.DISCARDED));
        assertThat(RetentionPolicy.deletableUpdates(updates, Set.of())).isEqualTo(Map.of("twice", List.of(3L, 7L)));
    }

    @Test
    void shouldSkipObjectsAlreadyDeleted() {
        List<StoredUpdate> updates = List.of(new StoredUpdate(1, "gone", Status.USED, false),
                update(2, "here", Status.USED));
        assertThat(RetentionPolicy.deletableUpdates(updates, Set.of())).containsOnlyKeys("here");
    }

    private static List<StoredVersion> stored(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(v -> version(v, false)).toList();
    }

    private static StoredVersion version(long version, boolean pinned) {
        return new StoredVersion(version, pinned, true);
    }

    private static StoredUpdate update(long id, String key, Status status) {
        return new StoredUpdate(id, key, status, true);
    }
}
