package io.asyn2f.aggregator.evaluation;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface EvaluationRepository extends JpaRepository<Evaluation, Long> {

    boolean existsByEventId(String eventId);

    Optional<Evaluation> findBySessionIdAndVersionAndWorkerId(String sessionId, long version, String workerId);
}
