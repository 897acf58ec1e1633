package io.asyn2f.storage.download;

import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.asyn2f.storage.security.Caller;
import io.asyn2f.storage.store.ObjectKeys;
import io.asyn2f.storage.store.ObjectStore;
import io.asyn2f.storage.store.PresignedUrl;
import io.asyn2f.storage.system.GatewayMetrics;
import io.asyn2f.storage.system.GatewayProperties;
import io.asyn2f.storage.system.RefusedException;
import io.asyn2f.storage.system.SessionIds;
import jakarta.validation.Valid;

/**
 * Presigned GET URLs: global models for the session's workers and services; any key of the session for a service;
 * a worker's own keys for that worker.
 */
@RestController
@RequestMapping("/api/v1/sessions/{sessionId}")
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

    @GetMapping("/global-models/{version}")
    GlobalModelUrl globalModel(@PathVariable String sessionId, @PathVariable String version) {
        SessionIds.requireValid(sessionId);
        long resolved;
        if (LATEST.equals(version)) {
            OptionalLong latest = announced.latest(sessionId);
            if (latest.isEmpty()) {
                // Nothing announced since this instance started: look at what is stored.
                latest = store.highestStoredGlobalVersion(sessionId);
            }
            resolved = latest.orElseThrow(() -> RefusedException.notFound(
                    "Session " + sessionId + " has no global model yet."));
        } else {
            resolved = SessionIds.requireVersion(version);
            if (!store.exists(ObjectKeys.globalModel(sessionId, resolved))) {
                throw RefusedException.notFound("Session " + sessionId + " has no global model version " + resolved
                        + ".");
            }
        }
        PresignedUrl url = store.presignGet(ObjectKeys.globalModel(sessionId, resolved), properties.urlExpiry());
        metrics.urlIssued(GatewayMetrics.GLOBAL_DOWNLOAD);
        return GlobalModelUrl.of(resolved, url);
    }

    @PostMapping("/downloads")
    PresignedUrl download(@PathVariable String sessionId, @Valid @RequestBody DownloadRequest request,
            @AuthenticationPrincipal Jwt jwt) {
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
