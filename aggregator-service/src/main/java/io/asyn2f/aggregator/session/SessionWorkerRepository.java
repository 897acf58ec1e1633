package io.asyn2f.aggregator.session;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import io.asyn2f.api.event.WorkerRole;

public interface SessionWorkerRepository extends JpaRepository<SessionWorker, SessionWorker.Key> {

    @Query("select w from SessionWorker w where w.key.sessionId = :sessionId")
    List<SessionWorker> findBySession(@Param("sessionId") String sessionId);

    /** The worker's row locked until the transaction ends: one worker's updates are recorded one at a time. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select w from SessionWorker w where w.key.sessionId = :sessionId and w.key.workerId = :workerId")
    Optional<SessionWorker> findForUpdate(@Param("sessionId") String sessionId, @Param("workerId") String workerId);

    @Query("select w.key.workerId from SessionWorker w where w.key.sessionId = :sessionId and w.role = :role"
            + " and w.state = io.asyn2f.aggregator.session.SessionWorker.State.ACTIVE")
    List<String> findActive(@Param("sessionId") String sessionId, @Param("role") WorkerRole role);
}
