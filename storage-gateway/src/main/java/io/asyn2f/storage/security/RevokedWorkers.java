package io.asyn2f.storage.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.asyn2f.api.event.Ids;

/**
 * Workers whose credentials the registry revoked ({@code worker.revoked} events). Their tokens stay
 * cryptographically valid until they expire, so the gateway refuses them by id.
 *
 * <p>In memory only: after a restart the set starts empty until {@link RevocationCatchUp} has read the registry's
 * revocation list (see docs/storage-gateway-api.md). An entry older than the longest token lifetime is dropped: every
 * token issued before the revocation has expired by then.
 */
public class RevokedWorkers {

    private final Map<String, Instant> revokedAt = new ConcurrentHashMap<>();
    private final Duration retention;
    private final Clock clock;

    public RevokedWorkers(Duration retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    /** A {@code worker.revoked} event arrived now. */
    public void revoke(String sessionId, String workerId) {
        revoke(sessionId, workerId, clock.instant());
    }

    /**
     * A revocation at {@code at} (from the registry's list). An entry already held keeps the later of the two
     * instants, so reading an old list never shortens what an event set.
     */
    public void revoke(String sessionId, String workerId, Instant at) {
        revokedAt.merge(key(sessionId, workerId), at, (held, given) -> held.isAfter(given) ? held : given);
        prune(clock.instant());
    }

    public boolean isRevoked(String sessionId, String workerId) {
        if (sessionId == null || workerId == null) {
            return false;
        }
        Instant at = revokedAt.get(sessionId + "/" + workerId);
        return at != null && !expired(at, clock.instant());
    }

    /** Entries currently held (expired ones may linger until the next revocation). */
    public int size() {
        return revokedAt.size();
    }

    private void prune(Instant now) {
        revokedAt.values().removeIf(at -> expired(at, now));
    }

    private boolean expired(Instant at, Instant now) {
        return at.plus(retention).isBefore(now);
    }

    private static String key(String sessionId, String workerId) {
        return Ids.requireSafeId(sessionId, "sessionId") + "/" + Ids.requireSafeId(workerId, "workerId");
    }
}
