package io.asyn2f.aggregator.outbox;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface OutboxRepository extends JpaRepository<OutboxMessage, Long> {

    /** The oldest unsent rows, locked so that two relays (two instances) never publish the same row at once. */
    @Query(value = "select * from {h-schema}outbox where sent_at is null order by id limit 50 for update skip locked",
            nativeQuery = true)
    List<OutboxMessage> lockUnsent();

    boolean existsBySessionIdAndTypeAndSentAtIsNotNull(String sessionId, String type);
}
