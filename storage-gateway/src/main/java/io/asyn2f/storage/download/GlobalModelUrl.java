package io.asyn2f.storage.download;

import java.time.Instant;

import io.asyn2f.storage.store.PresignedUrl;

/** A presigned GET for one global version; {@code version} says which one {@code latest} resolved to. */
record GlobalModelUrl(long version, String method, String url, String objectKey, Instant expiresAt) {

    static GlobalModelUrl of(long version, PresignedUrl url) {
        return new GlobalModelUrl(version, url.method(), url.url(), url.objectKey(), url.expiresAt());
    }

    @Override
    public String toString() {
        return "GlobalModelUrl[" + method + " " + objectKey + ", expiresAt=" + expiresAt + "]";
    }
}
