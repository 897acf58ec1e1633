package io.asyn2f.aggregator.session;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface TrainingSessionRepository extends JpaRepository<TrainingSession, String> {

    /**
     * The session with its row locked exclusively until the transaction ends ({@code for update}, which also excludes
     * the key-share lock of update intake): held by stops, starts, revocations and whatever else changes what an
     * intake checks. Written out because Hibernate's pessimistic write lock is the weaker {@code for no key update}
     * on PostgreSQL.
     */
    @Query(value = "select * from {h-schema}session where id = :id for update", nativeQuery = true)
    Optional<TrainingSession> findForUpdate(@Param("id") String id);

    /**
     * The session with its row locked against everything that moves it, but not against key-share readers
     * ({@link #findForKeyShare}): held by a version commit and by worker events that change no session state an
     * intake depends on, so update intake goes on while a version is committed. Conflicts with itself and with
     * {@link #findForUpdate}, so commits, stops and worker events stay serialised among themselves.
     */
    @Query(value = "select * from {h-schema}session where id = :id for no key update", nativeQuery = true)
    Optional<TrainingSession> findForNoKeyUpdate(@Param("id") String id);

    /**
     * The session with its row key-share-locked until the transaction ends: held by update intake, so intakes run
     * side by side and beside version commits ({@link #findForNoKeyUpdate}), while a stop, a revocation or anything
     * else that takes the row with {@link #findForUpdate} waits for them, and they for it.
     */
    @Query(value = "select * from {h-schema}session where id = :id for key share", nativeQuery = true)
    Optional<TrainingSession> findForKeyShare(@Param("id") String id);

    List<TrainingSession> findByStateIn(Collection<SessionState> states);

    List<TrainingSession> findAllByOrderByCreatedAtDesc();

    long countByStateNotIn(Collection<SessionState> states);
}
