package io.asyn2f.storage.system;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * The gateway's own settings ({@code asyn2f.gateway.*}).
 *
 * @param jwksUri            the registry's JWKS document ({@code /.well-known/jwks.json}); fetched on the first token
 * @param maxUploadBytes     gateway-wide ceiling on a declared upload size, whatever a token's {@code upload_limit}
 * @param urlExpiry          lifetime of every presigned URL
 * @param clockSkew          tolerance on a token's {@code exp}/{@code nbf}
 * @param maxTokenLifetime   longest lifetime the registry gives a token: a revocation older than this can be
 *                           forgotten, because every token issued before it has expired
 * @param eventsQueue        the queue this instance consumes {@code worker.revoked} and {@code global.published}
 *                           from; every replica needs its own (each must see every revocation)
 */
@Validated
@ConfigurationProperties("asyn2f.gateway")
public record GatewayProperties(
        @NotNull URI jwksUri,
        @DefaultValue("1073741824") @Positive long maxUploadBytes,
        @DefaultValue("5m") @NotNull Duration urlExpiry,
        @DefaultValue("30s") @NotNull Duration clockSkew,
        @DefaultValue("24h") @NotNull Duration maxTokenLifetime,
        @DefaultValue("asyn2f.gateway.events") @NotBlank String eventsQueue) {

    public GatewayProperties {
        if (urlExpiry != null && (urlExpiry.compareTo(Duration.ofSeconds(1)) < 0
                || urlExpiry.compareTo(Duration.ofDays(7)) > 0)) {
            // SigV4 presigned URLs live between 1 second and 7 days.
            throw new IllegalArgumentException("asyn2f.gateway.url-expiry must be between 1s and 7d, was " + urlExpiry);
        }
    }
}
