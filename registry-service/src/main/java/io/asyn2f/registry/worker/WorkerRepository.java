package io.asyn2f.registry.worker;

import java.time.Instant;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface WorkerRepository extends JpaRepository<Worker, String> {

    List<Worker> findByStateAndLastHeartbeatBefore(WorkerState state, Instant cutoff);

    List<Worker> findByRevokedAtAfterOrderByRevokedAt(Instant since);

    @Query("select w from Worker w where (:sessionId is null or w.sessionId = :sessionId)"
            + " and (:state is null or w.state = :state) order by w.registeredAt")
    List<Worker> search(@Param("sessionId") String sessionId, @Param("state") WorkerState state);

    long countByState(WorkerState state);

    /**
     * A heartbeat of an ACTIVE worker: only its time, in one statement (the version stays: a heartbeat racing a
     * revocation must not make the revocation fail; the revocation wins either way, since this matches ACTIVE only).
     */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update Worker w set w.lastHeartbeat = :now where w.workerId = :workerId"
            + " and w.state = io.asyn2f.registry.worker.WorkerState.ACTIVE")
    int touchActive(@Param("workerId") String workerId, @Param("now") Instant now);

    /** ACTIVE to LOST, only if still silent: safe against a heartbeat racing the sweep and against other replicas. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update Worker w set w.state = io.asyn2f.registry.worker.WorkerState.LOST, w.version = w.version + 1"
            + " where w.workerId = :workerId and w.state = io.asyn2f.registry.worker.WorkerState.ACTIVE"
            + " and w.lastHeartbeat < :cutoff")
    int markLost(@Param("workerId") String workerId, @Param("cutoff") Instant cutoff);

    /**
     * Rotates the refresh credential only if the presented one is still current (one winner per credential) and the
     * worker is not revoked: a revocation committing between the caller's read and this update wins.
     */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update Worker w set w.refreshTokenHash = :newHash, w.refreshExpiresAt = :expiresAt,"
            + " w.version = w.version + 1 where w.workerId = :workerId and w.refreshTokenHash = :oldHash"
            + " and w.state <> io.asyn2f.registry.worker.WorkerState.REVOKED")
    int rotateRefreshCredential(@Param("workerId") String workerId, @Param("oldHash") String oldHash,
            @Param("newHash") String newHash, @Param("expiresAt") Instant expiresAt);
}
