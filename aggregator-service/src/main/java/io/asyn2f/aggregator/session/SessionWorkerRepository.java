package io.asyn2f.aggregator.session;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import io.asyn2f.api.event.WorkerRole;

public interface SessionWorkerRepository extends JpaRepository<SessionWorker, SessionWorker.Key> {

    @Query("select w from SessionWorker w where w.key.sessionId = :sessionId")
    List<SessionWorker> findBySession(@Param("sessionId") String sessionId);

    @Query("select w.key.workerId from SessionWorker w where w.key.sessionId = :sessionId and w.role = :role"
            + " and w.state = io.asyn2f.aggregator.session.SessionWorker.State.ACTIVE")
    List<String> findActive(@Param("sessionId") String sessionId, @Param("role") WorkerRole role);
}
