package io.asyn2f.storage.config;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
 * @param eventsQueuePrefix  prefix of the queue this instance consumes {@code worker.revoked} and
 *                           {@code global.published} from: each instance declares {@code <prefix>.<random>} of its
 *                           own (every replica must see every revocation); dead letters go to {@code <prefix>.dlq}
 * @param registry           where and how to catch up on revocations after a start
 */
@Validated
@ConfigurationProperties("asyn2f.gateway")
public record GatewayProperties(
        @NotNull URI jwksUri,
        @DefaultValue("1073741824") @Positive long maxUploadBytes,
        @DefaultValue("5m") @NotNull Duration urlExpiry,
        @DefaultValue("30s") @NotNull Duration clockSkew,
        @DefaultValue("24h") @NotNull Duration maxTokenLifetime,
        @DefaultValue("asyn2f.gateway.events") @NotBlank @Pattern(regexp = "[^*#]+") String eventsQueuePrefix,
        @DefaultValue @NotNull @Valid Registry registry) {

    public GatewayProperties {
        if (urlExpiry != null && (urlExpiry.compareTo(Duration.ofSeconds(1)) < 0
                || urlExpiry.compareTo(Duration.ofDays(7)) > 0)) {
            // SigV4 presigned URLs live between 1 second and 7 days.
            throw new IllegalArgumentException("asyn2f.gateway.url-expiry must be between 1s and 7d, was " + urlExpiry);
        }
    }

    /**
     * The registry's revocation list ({@code asyn2f.gateway.registry.*}), read at start and every
     * {@code catchUpInterval} with a service token.
     *
     * @param url             the registry's base URL
     * @param clientId        this service's client name for {@code POST /api/v1/tokens/service}
     * @param clientSecret    its secret; blank switches the catch-up off (with one warning)
     * @param catchUpInterval pause between two reads of the list (heals missed events)
     * @param timeout         limit on connecting and on each request, so a hung registry delays nothing for long
     */
    public record Registry(
            @DefaultValue("http://localhost:8081") @NotNull URI url,
            @DefaultValue("gateway") @NotBlank String clientId,
            String clientSecret,
            @DefaultValue("1m") @NotNull Duration catchUpInterval,
            @DefaultValue("5s") @NotNull Duration timeout) {

        public boolean catchUpEnabled() {
            return clientSecret != null && !clientSecret.isBlank();
        }

        @Override
        public String toString() {
            // Never print the secret (records print every component).
            return "Registry[url=" + url + ", clientId=" + clientId + ", clientSecret="
                    + (catchUpEnabled() ? "***" : "<unset>") + ", catchUpInterval=" + catchUpInterval + ", timeout="
                    + timeout + "]";
        }
    }
}
