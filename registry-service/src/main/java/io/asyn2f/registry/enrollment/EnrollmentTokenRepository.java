package io.asyn2f.registry.enrollment;

import java.time.Instant;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface EnrollmentTokenRepository extends JpaRepository<EnrollmentToken, String> {

    List<EnrollmentToken> findBySessionIdOrderByCreatedAt(String sessionId);

    List<EnrollmentToken> findAllByOrderByCreatedAt();

    /**
     * Takes one seat if the token still has one and is neither revoked nor expired. One statement: PostgreSQL locks
     * the row and re-checks the condition for every concurrent registration, so no more than {@code max_workers}
     * ever succeed; the seat is given back only if the registering transaction rolls back.
     */
    @Modifying(flushAutomatically = true)
    @Query(value = "update registry.enrollment_token set used_seats = used_seats + 1 where token_id = :tokenId"
            + " and used_seats < max_workers and revoked_at is null and expires_at > :now", nativeQuery = true)
    int takeSeat(@Param("tokenId") String tokenId, @Param("now") Instant now);

    /** Seats taken so far (read after the update, which the entity does not see). */
    @Query(value = "select used_seats from registry.enrollment_token where token_id = :tokenId", nativeQuery = true)
    int usedSeats(@Param("tokenId") String tokenId);
}
