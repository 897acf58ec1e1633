package io.asyn2f.api.registry;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A new access token; {@code refreshToken} is the rotated refresh credential (absent for service tokens).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokenResponse(
        String accessToken,
        String tokenType,
        Instant expiresAt,
        long expiresIn,
        String refreshToken,
        Instant refreshExpiresAt) {

    @Override
    public String toString() {
        return "TokenResponse[expiresAt=" + expiresAt + "]";
    }
}
