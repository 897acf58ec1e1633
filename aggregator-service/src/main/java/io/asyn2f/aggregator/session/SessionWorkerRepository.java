package io.asyn2f.aggregator.session;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import io.asyn2f.api.event.WorkerRole;

public interface SessionWorkerRepository extends JpaRepository<SessionWorker, SessionWorker.Key> {

    @Query("select w from SessionWorker w where w.key.sessionId = :sessionId")
    List<SessionWorker> findBySession(@Param("sessionId") String sessionId);

    /**
     * These workers' rows of one session locked until the transaction ends, taken in worker id order (so two
     * transactions locking overlapping sets never wait on each other in a circle).
     */
    @Query(value = "select * from {h-schema}worker where session_id = :sessionId and worker_id in (:workerIds)"
            + " order by worker_id for update", nativeQuery = true)
    List<SessionWorker> findForUpdate(@Param("sessionId") String sessionId,
            @Param("workerIds") Collection<String> workerIds);

    @Query("select w.key.workerId from SessionWorker w where w.key.sessionId = :sessionId and w.role = :role"
            + " and w.state = io.asyn2f.aggregator.session.SessionWorker.State.ACTIVE")
    List<String> findActive(@Param("sessionId") String sessionId, @Param("role") WorkerRole role);
}
