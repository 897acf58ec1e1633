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
 * Presigned PUT URLs. A trainer writes only fresh keys under its own prefix, chosen here; only a service writes global
 * models. Who may call what is enforced by the security configuration before a body is read.
 */
@RestController
@RequestMapping("/api/v1/sessions/{sessionId}")
@Tag(name = "uploads", description = "Presigned PUT URLs")
@SecurityRequirement(name = ApiDocs.BEARER_TOKEN)
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

    @Operation(operationId = "presignUpdateUpload", summary = "A URL to upload a local model (trainers of the session)",
            description = "The key is chosen here, fresh, under the trainer's own prefix. The declared size and "
                    + "sha-256 are signed into the URL: the PUT must carry the returned headers, and the store "
                    + "refuses a body of another length or checksum.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(name = "a 400 kB model", value = """
                            {"sizeBytes": 407104,
                             "sha256": "9f2b5c0e7d41a3b6c8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5"}"""))))
    @ApiResponse(responseCode = "200", description = "the presigned PUT and the headers it must carry",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "an invalid body or session id (reason invalid-request)")
    @ApiResponse(responseCode = "403", description = "not a trainer of this session, or revoked (reason forbidden, "
            + "revoked)")
    @ApiResponse(responseCode = "413", description = "the declared size exceeds the session's or the gateway's "
            + "upload limit (reason too-large)")
    @ApiResponse(responseCode = "503", description = "the object store could not be reached")
    @PostMapping("/uploads")
    PresignedUrl uploadUpdate(@PathVariable String sessionId, @Valid @RequestBody UploadRequest request,
            @Parameter(hidden = true) @AuthenticationPrincipal Jwt jwt) {
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

    @Operation(operationId = "presignGlobalModelUpload", summary = "A URL to write a global model version (services)",
            description = "No body. Only a service token (the aggregator) may write global models.")
    @ApiResponse(responseCode = "200", description = "the presigned PUT", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "an invalid session id or version (reason invalid-request)")
    @ApiResponse(responseCode = "403", description = "not a service token (reason forbidden)")
    @ApiResponse(responseCode = "503", description = "the object store could not be reached")
    @PostMapping("/global-models/{version}/upload")
    PresignedUrl uploadGlobalModel(@PathVariable String sessionId,
            @Parameter(description = "the version number, 0 or more") @PathVariable String version,
            @Parameter(hidden = true) @AuthenticationPrincipal Jwt jwt) {
        String key = ObjectKeys.globalModel(SessionIds.requireValid(sessionId), SessionIds.requireVersion(version));
        PresignedUrl url = store.presignPut(key, properties.urlExpiry());
        metrics.urlIssued(GatewayMetrics.GLOBAL_UPLOAD);
        log.debug("issued {} to service {}", url, jwt.getSubject());
        return url;
    }
}
