package io.asyn2f.api.storage;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The storage gateway's answer: a URL that allows exactly one HTTP method on exactly one object until
 * {@code expiresAt} (docs/storage-gateway-api.md).
 *
 * @param method    {@code PUT} or {@code GET}
 * @param url       the presigned URL; it carries a signature, so it is never logged
 * @param objectKey the object it is for ({@link ObjectKeys})
 * @param expiresAt when the store stops accepting it
 * @param version   for a global model, the version it is (what {@code latest} resolved to); absent otherwise
 * @param headers   headers covered by the signature, which the request must carry with exactly these values (an
 *                  upload's {@code Content-Length} and {@code x-amz-checksum-sha256}); empty for reads
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PresignedUrl(String method, URI url, String objectKey, Instant expiresAt, Long version,
        Map<String, String> headers) {

    public PresignedUrl {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** A URL for an object that is not a global version. */
    public PresignedUrl(String method, URI url, String objectKey, Instant expiresAt, Map<String, String> headers) {
        this(method, url, objectKey, expiresAt, null, headers);
    }

    /** The same URL, saying which global version it reads. */
    public PresignedUrl forVersion(long globalVersion) {
        return new PresignedUrl(method, url, objectKey, expiresAt, globalVersion, headers);
    }

    @Override
    public String toString() {
        return "PresignedUrl[" + method + " " + objectKey + ", expiresAt=" + expiresAt + "]"; // no signature in logs
    }
}
