package io.asyn2f.worker.client;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** An access token and the refresh credential that renews it ({@code POST /api/v1/tokens/refresh}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Tokens(String accessToken, Instant expiresAt, String refreshToken, Instant refreshExpiresAt) {

    @Override
    public String toString() {
        return "Tokens[expiresAt=" + expiresAt + "]"; // never the secrets
    }
}
