package io.asyn2f.storage.download;

import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.asyn2f.api.storage.DownloadRequest;
import io.asyn2f.api.storage.ObjectKeys;
import io.asyn2f.api.storage.PresignedUrl;
import io.asyn2f.storage.config.GatewayProperties;
import io.asyn2f.storage.metrics.GatewayMetrics;
import io.asyn2f.storage.security.Caller;
import io.asyn2f.storage.store.ObjectStore;
import io.asyn2f.storage.web.RefusedException;
import io.asyn2f.storage.web.SessionIds;
import io.asyn2f.web.ApiDocs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

/**
 * Presigned GET URLs: global models for the session's workers and services; any key of the session for a service;
 * a worker's own keys for that worker.
 */
@RestController
@RequestMapping("/api/v1/sessions/{sessionId}")
@Tag(name = "downloads", description = "Presigned GET URLs")
@SecurityRequirement(name = ApiDocs.BEARER_TOKEN)
class DownloadController {

    private static final Logger log = LoggerFactory.getLogger(DownloadController.class);
    private static final String LATEST = "latest";

    private final ObjectStore store;
    private final AnnouncedGlobalVersions announced;
    private final GatewayProperties properties;
    private final GatewayMetrics metrics;

    DownloadController(ObjectStore store, AnnouncedGlobalVersions announced, GatewayProperties properties,
            GatewayMetrics metrics) {
        this.store = store;
        this.announced = announced;
        this.properties = properties;
        this.metrics = metrics;
    }

    /**
     * Signs only committed versions. A version is known committed when {@code global.published} announced it or a
     * later one; the aggregator writes {@code global/{v+1}} before it commits it (and may write it again after a
     * crash), so a stored blob alone proves nothing about itself, only about the version before it (v+1 is built
     * from committed v). Version 0 is committed with its session, before any worker can hold a token for it.
     */
    @Operation(operationId = "presignGlobalModelDownload",
            summary = "A URL to read a committed global model (workers of the session, services)",
            description = "Only committed versions are signed: announced by global.published, or below the newest "
                    + "stored one. 'latest' is the newest committed version; the answer says which it is.")
    @ApiResponse(responseCode = "200", description = "the presigned GET and the version it reads",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "an invalid session id or version (reason invalid-request)")
    @ApiResponse(responseCode = "403", description = "a worker of another session, or revoked (reason forbidden, "
            + "revoked)")
    @ApiResponse(responseCode = "404", description = "no such committed version, or retention deleted it (reason "
            + "not-found)")
    @ApiResponse(responseCode = "503", description = "stored but not announced as committed yet (reason "
            + "not-announced; Retry-After: 1), or the object store could not be reached")
    @GetMapping("/global-models/{version}")
    PresignedUrl globalModel(@PathVariable String sessionId,
            @Parameter(description = "a version number, or latest") @PathVariable String version) {
        SessionIds.requireValid(sessionId);
        OptionalLong announcedLatest = announced.latest(sessionId);
        long committed = announcedLatest.isPresent() ? announcedLatest.getAsLong() : latestCommitted(sessionId);
        long resolved;
        if (LATEST.equals(version)) {
            resolved = committed;
            if (announcedLatest.isPresent()) {
                // The newest announced version: committed, and retention keeps at least the newest one's blob, so
                // no store round trip per worker per round (the stored object is what the URL then fetches).
                return signedGlobal(sessionId, resolved);
            }
        } else {
            resolved = SessionIds.requireVersion(version);
            if (resolved > committed) {
                if (store.exists(ObjectKeys.globalModel(sessionId, resolved))) {
                    // Written but not announced here: uncommitted, or its global.published has not reached this
                    // instance yet (a worker may see the event first). 503 + Retry-After: a worker retries.
                    throw new RefusedException(HttpStatus.SERVICE_UNAVAILABLE, GatewayMetrics.Refusal.NOT_ANNOUNCED,
                            "Session " + sessionId + " global model version " + resolved + " is not announced as"
                                    + " committed yet (the latest announced is " + committed + "); retry shortly.");
                }
                throw RefusedException.notFound("Session " + sessionId + " has no committed global model version "
                        + resolved + " (the latest announced is " + committed + ").");
            }
        }
        if (!store.exists(ObjectKeys.globalModel(sessionId, resolved))) {
            throw RefusedException.notFound("Session " + sessionId + " has no global model version " + resolved
                    + " (it may have been deleted by retention).");
        }
        return signedGlobal(sessionId, resolved);
    }

    private PresignedUrl signedGlobal(String sessionId, long version) {
        PresignedUrl url = store.presignGet(ObjectKeys.globalModel(sessionId, version), properties.urlExpiry());
        metrics.urlIssued(GatewayMetrics.GLOBAL_DOWNLOAD);
        return url.forVersion(version);
    }

    /** The newest version known to be committed: announced, or else the one below the newest stored. */
    private long latestCommitted(String sessionId) {
        OptionalLong announcedLatest = announced.latest(sessionId);
        if (announcedLatest.isPresent()) {
            return announcedLatest.getAsLong();
        }
        // Nothing announced since this instance started: the store says which versions were certainly committed.
        long highest = store.highestStoredGlobalVersion(sessionId).orElseThrow(() -> RefusedException.notFound(
                "Session " + sessionId + " has no global model yet."));
        return highest == 0 ? 0 : highest - 1;
    }

    @Operation(operationId = "presignObjectDownload", summary = "A URL to read one object of the session",
            description = "A service may read any key of the session, a worker only keys under its own prefix.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(name = "a worker's own update", value = """
                            {"objectKey": "sessions/s-1/workers/w-3/updates/u-7c1e.a2fm"}"""))))
    @ApiResponse(responseCode = "200", description = "the presigned GET", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "an invalid body or session id, or a key that is not plain "
            + "(reason invalid-request)")
    @ApiResponse(responseCode = "403", description = "the key is outside what the token may read, or revoked "
            + "(reason forbidden, revoked)")
    @ApiResponse(responseCode = "503", description = "the object store could not be reached")
    @PostMapping("/downloads")
    PresignedUrl download(@PathVariable String sessionId, @Valid @RequestBody DownloadRequest request,
            @Parameter(hidden = true) @AuthenticationPrincipal Jwt jwt) {
        SessionIds.requireValid(sessionId);
        String key = request.objectKey();
        if (!ObjectKeys.isWellFormed(key)) {
            throw RefusedException.invalid("objectKey must be a plain key: segments of A-Z, a-z, 0-9, '.', '_' or"
                    + " '-' separated by single '/', without '..'.");
        }
        Caller caller = Caller.of(jwt);
        String allowedPrefix = caller.isService() ? ObjectKeys.sessionPrefix(sessionId)
                : ObjectKeys.workerPrefix(sessionId, caller.subject());
        if (!key.startsWith(allowedPrefix)) {
            throw RefusedException.forbidden("The token allows reading only keys under " + allowedPrefix + ".");
        }
        PresignedUrl url = store.presignGet(key, properties.urlExpiry());
        metrics.urlIssued(GatewayMetrics.DOWNLOAD);
        log.debug("issued {} to {}", url, caller.subject());
        return url;
    }
}
