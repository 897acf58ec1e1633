package io.asyn2f.aggregator.update;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

public interface RecordedUpdateRepository extends JpaRepository<RecordedUpdate, Long> {

    Optional<RecordedUpdate> findByUpdateId(String updateId);

    List<RecordedUpdate> findBySessionIdAndStatusOrderById(String sessionId, RecordedUpdate.Status status);

    List<RecordedUpdate> findBySessionIdAndWorkerIdAndStatus(String sessionId, String workerId,
            RecordedUpdate.Status status);

    List<RecordedUpdate> findBySessionIdAndWorkerIdInAndStatus(String sessionId, Collection<String> workerIds,
            RecordedUpdate.Status status);

    List<RecordedUpdate> findByUpdateIdIn(Collection<String> updateIds);

    /** Consumed updates whose object retention has not deleted yet, oldest first, a bounded batch per sweep. */
    List<RecordedUpdate> findTop500BySessionIdAndStatusNotAndObjectDeletedAtIsNullOrderById(String sessionId,
            RecordedUpdate.Status status);

    /** A page of the session's updates in arrival order, after the row id {@code afterId}. */
    List<RecordedUpdate> findBySessionIdAndIdGreaterThanOrderById(String sessionId, long afterId, Limit limit);

    /** A page of the session's updates in one status, in arrival order, after the row id {@code afterId}. */
    List<RecordedUpdate> findBySessionIdAndStatusAndIdGreaterThanOrderById(String sessionId,
            RecordedUpdate.Status status, long afterId, Limit limit);

    long countBySessionIdAndStatus(String sessionId, RecordedUpdate.Status status);
}
