package io.asyn2f.storage.security;

import org.springframework.security.authorization.AuthorizationResult;

import io.asyn2f.storage.metrics.GatewayMetrics;

/** A refused authorization with the reason the access-denied handler reports. */
record Denial(GatewayMetrics.Refusal reason, String detail) implements AuthorizationResult {

    @Override
    public boolean isGranted() {
        return false;
    }
}
