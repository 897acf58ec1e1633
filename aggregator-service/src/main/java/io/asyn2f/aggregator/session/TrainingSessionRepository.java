package io.asyn2f.aggregator.session;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface TrainingSessionRepository extends JpaRepository<TrainingSession, String> {

    /** The session with its row locked until the transaction ends: versions and state changes are serialised. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from TrainingSession s where s.id = :id")
    Optional<TrainingSession> findForUpdate(@Param("id") String id);

    /**
     * The session with its row share-locked until the transaction ends: held by update intake, so intakes run side
     * by side while a version commit, a stop or a worker event ({@link #findForUpdate}) waits for them, and they for
     * it.
     */
    @Lock(LockModeType.PESSIMISTIC_READ)
    @Query("select s from TrainingSession s where s.id = :id")
    Optional<TrainingSession> findForShare(@Param("id") String id);

    List<TrainingSession> findByStateIn(Collection<SessionState> states);

    List<TrainingSession> findAllByOrderByCreatedAtDesc();

    long countByStateNotIn(Collection<SessionState> states);
}
