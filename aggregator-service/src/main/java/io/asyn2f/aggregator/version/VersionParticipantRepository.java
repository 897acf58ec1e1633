package io.asyn2f.aggregator.version;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface VersionParticipantRepository extends JpaRepository<VersionParticipant, VersionParticipant.Key> {

    @Query("select p from VersionParticipant p where p.key.sessionId = :sessionId order by p.key.version, p.weight desc")
    List<VersionParticipant> findBySession(@Param("sessionId") String sessionId);

    @Query("select p from VersionParticipant p where p.key.sessionId = :sessionId and p.key.version = :version"
            + " order by p.weight desc")
    List<VersionParticipant> findByVersion(@Param("sessionId") String sessionId, @Param("version") long version);
}
