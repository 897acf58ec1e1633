package io.asyn2f.worker.client;

import java.net.URI;
import java.net.http.HttpClient;

import io.asyn2f.api.event.Ids;
import io.asyn2f.api.storage.PresignedUrl;
import io.asyn2f.api.storage.UploadRequest;

/** The storage-gateway's worker endpoints (docs/storage-gateway-api.md): presigned URLs, never the bytes. */
public class GatewayClient {

    private final JsonHttp http;

    public GatewayClient(HttpClient http, URI baseUrl) {
        this.http = new JsonHttp(http, baseUrl);
    }

    /** A presigned PUT for a new local update of this size and whole-blob sha-256. */
    public PresignedUrl uploadUrl(String sessionId, String accessToken, long sizeBytes, String sha256) {
        return http.post("/api/v1/sessions/" + Ids.requireSafeId(sessionId, "sessionId") + "/uploads", accessToken,
                new UploadRequest(sizeBytes, sha256), PresignedUrl.class);
    }

    /** A presigned GET for global version {@code version}, or the latest when {@code version} is negative. */
    public PresignedUrl globalModelUrl(String sessionId, String accessToken, long version) {
        return http.get("/api/v1/sessions/" + Ids.requireSafeId(sessionId, "sessionId") + "/global-models/"
                + (version < 0 ? "latest" : Long.toString(version)), accessToken, PresignedUrl.class);
    }
}
