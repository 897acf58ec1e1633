package io.asyn2f.storage.store;

import java.time.Instant;

/**
 * A URL that allows exactly one HTTP method on exactly one object until {@code expiresAt}.
 *
 * @param method     {@code PUT} or {@code GET}
 * @param url        the presigned URL; it carries a signature, so it is never logged
 * @param objectKey  the object it is for
 * @param expiresAt  when the store stops accepting it
 * @param headers    headers covered by the signature, which the request must carry with exactly these values (an
 *                   upload's {@code Content-Length} and {@code x-amz-checksum-sha256}); empty for GETs
 */
public record PresignedUrl(String method, String url, String objectKey, Instant expiresAt,
        java.util.Map<String, String> headers) {

    public PresignedUrl {
        headers = java.util.Map.copyOf(headers);
    }

    @Override
    public String toString() {
        return "PresignedUrl[" + method + " " + objectKey + ", expiresAt=" + expiresAt + "]";
    }
}
