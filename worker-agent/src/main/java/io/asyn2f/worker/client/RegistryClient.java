package io.asyn2f.worker.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;

import io.asyn2f.api.event.Ids;
import io.asyn2f.api.registry.RefreshRequest;
import io.asyn2f.api.registry.RegistrationRequest;
import io.asyn2f.api.registry.RegistrationResponse;
import io.asyn2f.api.registry.TokenResponse;

/** The registry's worker endpoints (docs/registry-api.md): register or reconnect, refresh tokens, heartbeat. */
public class RegistryClient {

    private final JsonHttp http;

    public RegistryClient(HttpClient http, URI baseUrl) {
        this.http = new JsonHttp(http, baseUrl);
    }

    /** {@code POST /api/v1/sessions/{sessionId}/workers} with the enrollment token as bearer. */
    public RegistrationResponse register(String sessionId, String enrollmentToken, RegistrationRequest request) {
        return http.post("/api/v1/sessions/" + Ids.requireSafeId(sessionId, "sessionId") + "/workers",
                enrollmentToken, request, RegistrationResponse.class);
    }

    /** {@code POST /api/v1/tokens/refresh}; the presented refresh credential stops working. */
    public TokenResponse refresh(String workerId, String refreshToken) {
        return http.post("/api/v1/tokens/refresh", null, new RefreshRequest(workerId, refreshToken),
                TokenResponse.class);
    }

    /** {@code POST /api/v1/workers/{workerId}/heartbeat} with the worker's access token. */
    public void heartbeat(String workerId, String accessToken) {
        http.post("/api/v1/workers/" + Ids.requireSafeId(workerId, "workerId") + "/heartbeat", accessToken, null,
                Map.class);
    }
}
