package io.asyn2f.aggregator.evaluation;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface EvaluationRepository extends JpaRepository<Evaluation, Long> {

    boolean existsByEventId(String eventId);

    Optional<Evaluation> findBySessionIdAndVersionAndWorkerId(String sessionId, long version, String workerId);

    /** The testers whose result for the version is at least {@code accuracy}. */
    @Query("select distinct e.workerId from Evaluation e where e.sessionId = :sessionId and e.version = :version"
            + " and e.accuracy >= :accuracy")
    List<String> testersReaching(@Param("sessionId") String sessionId, @Param("version") long version,
            @Param("accuracy") double accuracy);
}
