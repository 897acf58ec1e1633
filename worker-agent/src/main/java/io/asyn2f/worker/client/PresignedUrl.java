package io.asyn2f.worker.client;

import java.net.URI;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A storage-gateway answer: a presigned URL for one method on one object (docs/storage-gateway-api.md).
 *
 * @param version the global version, for global-model reads; null otherwise
 * @param headers headers the URL's signature covers, to send with exactly these values (an upload's declared
 *                {@code Content-Length} and {@code x-amz-checksum-sha256}); none for reads
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PresignedUrl(String method, URI url, String objectKey, Instant expiresAt, Long version,
        java.util.Map<String, String> headers) {

    public PresignedUrl {
        headers = headers == null ? java.util.Map.of() : java.util.Map.copyOf(headers);
    }

    public PresignedUrl(String method, URI url, String objectKey, Instant expiresAt, Long version) {
        this(method, url, objectKey, expiresAt, version, java.util.Map.of());
    }

    @Override
    public String toString() {
        return "PresignedUrl[" + method + " " + objectKey + ", expiresAt=" + expiresAt + "]"; // no signature in logs
    }
}
