package io.asyn2f.aggregator.update;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface UpdateRejectionRepository extends JpaRepository<UpdateRejection, Long> {

    List<UpdateRejection> findBySessionIdOrderById(String sessionId);

    List<UpdateRejection> findByEventId(String eventId);
}
