package io.asyn2f.aggregator.aggregation;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface GlobalVersionRepository extends JpaRepository<GlobalVersion, GlobalVersion.Key> {

    @Query("select v from GlobalVersion v where v.key.sessionId = :sessionId order by v.key.version")
    List<GlobalVersion> findBySession(@Param("sessionId") String sessionId);
}
