package io.asyn2f.storage.store;

import java.time.Instant;

/**
 * A URL that allows exactly one HTTP method on exactly one object until {@code expiresAt}.
 *
 * @param method     {@code PUT} or {@code GET}
 * @param url        the presigned URL; it carries a signature, so it is never logged
 * @param objectKey  the object it is for
 * @param expiresAt  when the store stops accepting it
 */
public record PresignedUrl(String method, String url, String objectKey, Instant expiresAt) {

    @Override
    public String toString() {
        return "PresignedUrl[" + method + " " + objectKey + ", expiresAt=" + expiresAt + "]";
    }
}
