package io.asyn2f.registry.token;

import java.time.Instant;

/**
 * A new access token; {@code refreshToken} is the rotated refresh credential (absent for service tokens).
 */
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
