package io.asyn2f.aggregator.version;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface GlobalVersionRepository extends JpaRepository<GlobalVersion, GlobalVersion.Key> {

    @Query("select v from GlobalVersion v where v.key.sessionId = :sessionId order by v.key.version")
    List<GlobalVersion> findBySession(@Param("sessionId") String sessionId);

    /** The version with its row locked: pinning and the retention sweeper's delete of its blob are serialised. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select v from GlobalVersion v where v.key.sessionId = :sessionId and v.key.version = :version")
    Optional<GlobalVersion> findForUpdate(@Param("sessionId") String sessionId, @Param("version") long version);
}
