package io.asyn2f.s3;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The S3-compatible store ({@code asyn2f.s3.*}), as the aggregator and the storage gateway both read it; each service
 * holds credentials of its own (docs/security.md). A service enables it with
 * {@code @EnableConfigurationProperties(S3Properties.class)}.
 *
 * @param endpoint       where the service reaches the store
 * @param publicEndpoint gateway only, optional: the address workers use, only for signing URLs (in Kubernetes
 *                       workers often reach MinIO through another host name than the gateway); defaults to
 *                       {@code endpoint}
 * @param region         the region requests and URLs are signed for; with it set, signing needs no call to the store
 * @param bucket         the bucket (the aggregator creates it if missing)
 * @param callTimeout    the longest one store call (a whole read or write of a blob) may take before it is abandoned;
 *                       the aggregator writes versions only while the session's lease outlasts it
 */
@Validated
@ConfigurationProperties("asyn2f.s3")
public record S3Properties(
        @NotNull URI endpoint,
        URI publicEndpoint,
        @NotBlank String accessKey,
        @NotBlank String secretKey,
        @DefaultValue("us-east-1") @NotBlank String region,
        @DefaultValue("asyn2f") @NotBlank String bucket,
        @DefaultValue("15s") @NotNull Duration callTimeout) {

    /** The endpoint presigned URLs are signed for. */
    public URI signingEndpoint() {
        return publicEndpoint != null ? publicEndpoint : endpoint;
    }

    @Override
    public String toString() {
        // Never print the secret.
        return "S3Properties[endpoint=" + endpoint + ", publicEndpoint=" + publicEndpoint + ", region=" + region
                + ", bucket=" + bucket + ", callTimeout=" + callTimeout + "]";
    }
}
