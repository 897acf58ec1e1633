package io.asyn2f.registry.token;

import java.time.Instant;

/** A signed access token and when it expires. */
public record IssuedToken(String value, Instant expiresAt) {

    @Override
    public String toString() {
        return "IssuedToken[expiresAt=" + expiresAt + "]";
    }
}
