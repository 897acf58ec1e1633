package io.asyn2f.aggregator.admin;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.asyn2f.aggregator.version.GlobalVersion;
import io.asyn2f.aggregator.version.GlobalVersionRepository;
import io.asyn2f.aggregator.web.ApiException;

/**
 * Pinning a version keeps its blob regardless of retention. Both take the version's row lock, which the retention
 * sweeper holds while it deletes a blob, so a pin never lands on a version whose blob is being deleted.
 */
@Service
class VersionPins {

    private final GlobalVersionRepository versions;

    VersionPins(GlobalVersionRepository versions) {
        this.versions = versions;
    }

    @Transactional
    GlobalVersion pin(String sessionId, long version) {
        GlobalVersion locked = locked(sessionId, version);
        if (!locked.blobStored()) {
            throw ApiException.conflict("the blob of version " + version + " of session " + sessionId
                    + " was deleted by retention at " + locked.blobDeletedAt());
        }
        locked.pin();
        return locked;
    }

    /** Unpinning leaves the blob to retention again (deleted at its next sweep if it is not among the newest). */
    @Transactional
    GlobalVersion unpin(String sessionId, long version) {
        GlobalVersion locked = locked(sessionId, version);
        locked.unpin();
        return locked;
    }

    private GlobalVersion locked(String sessionId, long version) {
        return versions.findForUpdate(sessionId, version)
                .orElseThrow(() -> ApiException.notFound("session " + sessionId + " has no version " + version));
    }
}
