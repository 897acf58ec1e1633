package io.asyn2f.worker.client;

import java.net.URI;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A storage-gateway answer: a presigned URL for one method on one object (docs/storage-gateway-api.md).
 *
 * @param version the global version, for global-model reads; null otherwise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PresignedUrl(String method, URI url, String objectKey, Instant expiresAt, Long version) {

    @Override
    public String toString() {
        return "PresignedUrl[" + method + " " + objectKey + ", expiresAt=" + expiresAt + "]"; // no signature in logs
    }
}
