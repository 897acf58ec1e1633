package io.asyn2f.storage.upload;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.asyn2f.api.storage.ObjectKeys;
import io.asyn2f.api.storage.PresignedUrl;
import io.asyn2f.api.storage.UploadRequest;
import io.asyn2f.storage.config.GatewayProperties;
import io.asyn2f.storage.metrics.GatewayMetrics;
import io.asyn2f.storage.security.Caller;
import io.asyn2f.storage.store.ObjectStore;
import io.asyn2f.storage.web.RefusedException;
import io.asyn2f.storage.web.SessionIds;
import jakarta.validation.Valid;

/**
 * Presigned PUT URLs. A trainer writes only fresh keys under its own prefix, chosen here; only a service writes global
 * models. Who may call what is enforced by the security configuration before a body is read.
 */
@RestController
@RequestMapping("/api/v1/sessions/{sessionId}")
class UploadController {

    private static final Logger log = LoggerFactory.getLogger(UploadController.class);

    private final ObjectStore store;
    private final GatewayProperties properties;
    private final GatewayMetrics metrics;

    UploadController(ObjectStore store, GatewayProperties properties, GatewayMetrics metrics) {
        this.store = store;
        this.properties = properties;
        this.metrics = metrics;
    }

    @PostMapping("/uploads")
    PresignedUrl uploadUpdate(@PathVariable String sessionId, @Valid @RequestBody UploadRequest request,
            @AuthenticationPrincipal Jwt jwt) {
        Caller caller = Caller.of(jwt);
        long limit = Math.min(caller.uploadLimit().orElse(Long.MAX_VALUE), properties.maxUploadBytes());
        if (request.sizeBytes() > limit) {
            throw new RefusedException(HttpStatus.CONTENT_TOO_LARGE, GatewayMetrics.Refusal.TOO_LARGE,
                    "The declared size of " + request.sizeBytes() + " bytes exceeds the upload limit of " + limit
                            + " bytes.");
        }
        // The declared size and checksum are signed into the URL: the store refuses a body of another length.
        PresignedUrl url = store.presignPut(ObjectKeys.newUpdate(sessionId, caller.subject()),
                properties.urlExpiry(), request.sizeBytes(), request.sha256());
        metrics.urlIssued(GatewayMetrics.UPDATE_UPLOAD);
        log.debug("issued {} to worker {} ({} bytes, sha256 {})", url, caller.subject(), request.sizeBytes(),
                request.sha256());
        return url;
    }

    @PostMapping("/global-models/{version}/upload")
    PresignedUrl uploadGlobalModel(@PathVariable String sessionId, @PathVariable String version,
            @AuthenticationPrincipal Jwt jwt) {
        String key = ObjectKeys.globalModel(SessionIds.requireValid(sessionId), SessionIds.requireVersion(version));
        PresignedUrl url = store.presignPut(key, properties.urlExpiry());
        metrics.urlIssued(GatewayMetrics.GLOBAL_UPLOAD);
        log.debug("issued {} to service {}", url, jwt.getSubject());
        return url;
    }
}
